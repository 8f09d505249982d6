import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, type TestApp } from "./support/harness.js";
import { startHttpSink, type HttpSink } from "./support/http-sink.js";
import { startTestAppWithSmtp, type SmtpSink } from "./support/smtp-sink.js";

const H = 3_600_000;
const D = 24 * H;
const iso = (ms: number) => new Date(ms).toISOString();
const SMS = { accountSid: "AC0123456789", authToken: "secret-token", from: "+15550001111" };

type TimelineEvent = { name: string; properties: Record<string, unknown> };
type Step = { nodeId: string; outcome: string; record: { then?: string; until?: number; record?: Record<string, unknown> } };

describe.each(dialects)("sending pressure on %s", (dialect) => {
  let smtp: SmtpSink;
  let provider: HttpSink;
  let t: TestApp;
  beforeAll(async () => {
    provider = await startHttpSink();
    provider.reply = () => ({ status: 201, body: { sid: "SM1", status: "queued" } });
    ({ t, smtp } = await startTestAppWithSmtp(dialect, {}, { sms: { baseUrl: provider.url, ...SMS } }));
  });
  afterAll(async () => {
    await t?.close();
    await provider.close();
  });

  /** Moves the test clock forward (running all that falls due) and returns the new now (epoch ms). */
  const advance = async (ms = 0) => Date.parse((await t.request("POST", "/api/v1/test-clock/advance", { body: { ms } })).body.now);
  const setPolicy = async (policy: unknown) => {
    const res = await t.request("PUT", "/api/v1/workspace/sending-policy", { body: policy });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const template = async (name: string, channel: "email" | "sms" = "email") =>
    (await t.request("POST", "/api/v1/templates", { body: { name, channel, content: channel === "email" ? { subject: name, format: "html", body: `<p>${name}</p>` } : { body: name } } })).body.id as string;
  /** Publishes a chain of action steps `s1 → s2 → … → done`, started through the API. */
  const publish = async (name: string, actions: Record<string, unknown>[]) => {
    const nodes = [...actions.map((action, i) => ({ id: `s${i + 1}`, type: "action", action, next: i + 1 < actions.length ? `s${i + 2}` : "done" })), { id: "done", type: "end" }];
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name, definition: { version: 1, triggers: [{ type: "api" }], start: "s1", nodes } } });
    expect((await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`)).status).toBe(200);
    return wf.body.id as string;
  };
  const contact = async (body: Record<string, unknown>) => (await t.request("POST", "/api/v1/contacts", { body })).body.id as string;
  /** Enrols the contact and runs its first steps and their deliveries; returns the run with its history. */
  const enrol = async (workflowId: string, contactId: string) => {
    const res = await t.request("POST", `/api/v1/workflows/${workflowId}/enrol`, { body: { contactId } });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    await advance();
    await advance();
    return run(contactId, workflowId);
  };
  const run = async (contactId: string, workflowId: string) => {
    const runs = (await t.request("GET", `/api/v1/contacts/${contactId}/runs`)).body.data as { id: string; workflowId: string }[];
    return (await t.request("GET", `/api/v1/runs/${runs.find((r) => r.workflowId === workflowId)!.id}`)).body as { status: string; resumesAt: string | null; steps: Step[] };
  };
  const timeline = async (contactId: string) => (await t.request("GET", `/api/v1/contacts/${contactId}/timeline?kind=internal`)).body.data as TimelineEvent[];
  const mailTo = (address: string) => smtp.to(address).map((m) => m.subject);

  it("reads and replaces the policy, naming the bad field of a refused one; both routes are in the OpenAPI document", async () => {
    expect((await t.request("GET", "/api/v1/workspace/sending-policy")).body).toEqual({ defaultTimezone: "UTC" });
    const policy = { frequencyCap: { email: { perDay: 2, perWeek: 5 }, sms: { perWeek: 1 } }, quietHours: { start: "21:00", end: "08:00" }, defaultTimezone: "Europe/Paris" };
    expect((await t.request("PUT", "/api/v1/workspace/sending-policy", { body: policy })).body).toEqual(policy);
    expect((await t.request("GET", "/api/v1/workspace/sending-policy")).body).toEqual(policy);
    expect((await t.request("GET", "/api/v1/workspace")).body.settings).toMatchObject({ sendingPolicy: policy, lifecycleStages: expect.any(Array) });

    const refused = async (body: unknown) => {
      const res = await t.request("PUT", "/api/v1/workspace/sending-policy", { body });
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      return res.body.errors as { field: string; message: string }[];
    };
    expect(await refused({ quietHours: { start: "9pm", end: "08:00" } })).toEqual([{ field: "quietHours.start", message: expect.stringContaining("HH:MM") }]);
    expect((await refused({ quietHours: { start: "08:00", end: "08:00" } }))[0]!.field).toBe("quietHours.end");
    expect((await refused({ frequencyCap: { email: { perDay: 0 } } }))[0]!.field).toBe("frequencyCap.email.perDay");
    expect((await refused({ frequencyCap: { push: { perDay: 1 } } }))[0]!.field).toBe("frequencyCap.push");
    expect(await refused({ defaultTimezone: "Europe/Lutece" })).toEqual([{ field: "defaultTimezone", message: expect.stringContaining("IANA") }]);
    expect((await t.request("GET", "/api/v1/workspace/sending-policy")).body).toEqual(policy);
    expect((await t.request("PUT", "/api/v1/workspace/sending-policy", { body: {}, auth: t.writeKey })).status).toBe(403);

    const paths = (await t.request("GET", "/docs/json", { auth: null })).body.paths;
    expect(Object.keys(paths["/api/v1/workspace/sending-policy"]).sort()).toEqual(["get", "put"]);
    await setPolicy({});
  });

  it("defers a second marketing email over a cap of one a day to the instant the first leaves the window, then sends it; transactional email passes", async () => {
    await setPolicy({ frequencyCap: { email: { perDay: 1 } } });
    const [news, offer, receipt] = [await template("News"), await template("Offer"), await template("Receipt")];
    const series = await publish("Two emails", [{ kind: "send_email", templateId: news }, { kind: "send_email", templateId: offer }]);
    const receipts = await publish("Receipt", [{ kind: "send_email", templateId: receipt, category: "transactional" }]);
    const id = await contact({ email: "cap@pressure.test" });
    const sentAt = await advance();

    const waiting = await enrol(series, id);
    expect(mailTo("cap@pressure.test")).toEqual(["News"]);
    expect(waiting).toMatchObject({ status: "waiting", resumesAt: iso(sentAt + D) });
    const deferred = waiting.steps.find((s) => s.nodeId === "s2")!;
    expect(deferred).toMatchObject({ outcome: "wait", record: { then: "s2", until: sentAt + D } });
    expect(deferred.record.record).toEqual({
      decision: `email deferred until ${iso(sentAt + D)}`,
      reason: expect.stringMatching(/^frequency_cap: 1 marketing email in the last 24 hours, at most 1 a day; the step runs again at /),
    });
    expect((await timeline(id)).find((e) => e.name === "email.deferred")?.properties).toEqual({
      reason: "frequency_cap",
      detail: "1 marketing email in the last 24 hours, at most 1 a day",
      until: iso(sentAt + D),
      templateId: offer,
      category: "marketing",
      nodeId: "s2",
      runId: expect.any(String),
    });

    expect(await enrol(receipts, id)).toMatchObject({ status: "completed" });
    expect(mailTo("cap@pressure.test")).toEqual(["News", "Receipt"]);

    await advance(D - 1000);
    expect(mailTo("cap@pressure.test")).toEqual(["News", "Receipt"]);
    await advance(1000);
    await advance();
    expect(mailTo("cap@pressure.test")).toEqual(["News", "Receipt", "Offer"]);
    const done = await run(id, series);
    expect(done.status).toBe("completed");
    expect(done.steps.filter((s) => s.nodeId === "s2").map((s) => s.outcome)).toEqual(["wait", "await", "delivered"]);
  });

  it("skips a capped email when the step says skip, and sends it anyway when it says send", async () => {
    await setPolicy({ frequencyCap: { email: { perDay: 1 } } });
    const [a, b, c] = [await template("First"), await template("Skipped"), await template("Forced")];
    const wf = await publish("Skip and send", [
      { kind: "send_email", templateId: a },
      { kind: "send_email", templateId: b, whenThrottled: "skip" },
      { kind: "send_email", templateId: c, whenThrottled: "send" },
    ]);
    const id = await contact({ email: "skip@pressure.test" });
    await enrol(wf, id);
    await advance();
    expect(mailTo("skip@pressure.test")).toEqual(["First", "Forced"]);
    const done = await run(id, wf);
    expect(done.status).toBe("completed");
    expect(done.steps.find((s) => s.nodeId === "s2")?.record.record).toEqual({
      decision: "email not sent",
      reason: "frequency_cap: 1 marketing email in the last 24 hours, at most 1 a day",
      skipped: true,
    });
    expect((await timeline(id)).find((e) => e.name === "email.skipped")?.properties).toMatchObject({ reason: "frequency_cap", templateId: b, nodeId: "s2" });
  });

  it("defers an email due at 22:00 in Paris to 08:00 Paris time when quiet hours run 21:00–08:00; the simulator shows the wait", async () => {
    await setPolicy({ quietHours: { start: "21:00", end: "08:00" } });
    const now = await advance();
    // The next 21:00 UTC: 22:00 in Paris (winter time).
    const evening = now - (now % D) + 21 * H + (now % D >= 21 * H ? D : 0);
    await advance(evening - now);
    const wf = await publish("Evening news", [{ kind: "send_email", templateId: await template("Evening") }]);
    const paris = await contact({ email: "paris@pressure.test", timezone: "Europe/Paris" });
    const utc = await contact({ email: "utc@pressure.test" });

    const held = await enrol(wf, paris);
    const nextMorning = evening + 10 * H; // 07:00 UTC = 08:00 Paris
    expect(held).toMatchObject({ status: "waiting", resumesAt: iso(nextMorning) });
    expect(held.steps[0]!.record.record?.reason).toBe(
      `quiet_hours: 22:00 in Europe/Paris is within quiet hours 21:00–08:00; the step runs again at ${iso(nextMorning).slice(0, 10)}T08:00 Europe/Paris`,
    );
    expect((await timeline(paris)).find((e) => e.name === "email.deferred")?.properties).toMatchObject({ reason: "quiet_hours", until: iso(nextMorning) });
    // No zone on the contact: the policy's default, UTC.
    expect(await enrol(wf, utc)).toMatchObject({ status: "waiting", resumesAt: iso(evening + 11 * H) });

    await advance(10 * H - 1000);
    expect(mailTo("paris@pressure.test")).toEqual([]);
    await advance(1000);
    await advance();
    expect(mailTo("paris@pressure.test")).toEqual(["Evening"]);
    expect(mailTo("utc@pressure.test")).toEqual([]);
    await advance(H);
    await advance();
    expect(mailTo("utc@pressure.test")).toEqual(["Evening"]);

    const sim = await t.request("POST", `/api/v1/workflows/${wf}/simulate`, {
      body: { contact: { inline: { email: "sim@pressure.test", timezone: "Europe/Paris" } }, startAt: "2026-03-02T21:30:00Z" },
    });
    expect(sim.status, JSON.stringify(sim.body)).toBe(200);
    const path = sim.body.runs[0].path as { nodeId: string; outcome: string; until?: string; at: string }[];
    expect(path[0]).toMatchObject({ nodeId: "s1", outcome: "wait", until: "2026-03-03T07:00:00.000Z", to: "s1" });
    expect(path.slice(1).map((s) => [s.nodeId, s.outcome])).toEqual([
      ["s1", "await"],
      ["s1", "delivered"],
      ["done", "end"],
    ]);
    expect(path[1]!.at).toBe("2026-03-03T07:00:00.000Z");
  });

  it("caps marketing SMS on their own channel: emails do not count toward an SMS cap", async () => {
    await setPolicy({ frequencyCap: { sms: { perDay: 1 } } });
    const [sms1, sms2, mail] = [await template("Text one", "sms"), await template("Text two", "sms"), await template("Mail between")];
    const wf = await publish("Texts", [
      { kind: "send_sms", templateId: sms1 },
      { kind: "send_email", templateId: mail },
      { kind: "send_sms", templateId: sms2 },
    ]);
    const id = await contact({ email: "sms@pressure.test", properties: { phone: "+33 6 11 22 33 44" } });
    const start = await advance();
    const held = await enrol(wf, id);
    await advance();
    const texts = () => provider.requests.filter((r) => new URLSearchParams(r.body).get("To") === "+33611223344").map((r) => new URLSearchParams(r.body).get("Body"));
    expect(texts()).toEqual(["Text one"]);
    expect(mailTo("sms@pressure.test")).toEqual(["Mail between"]);
    const again = await run(id, wf);
    expect(again).toMatchObject({ status: "waiting", resumesAt: iso(start + D) });
    expect(again.steps.at(-1)).toMatchObject({ nodeId: "s3", outcome: "wait", record: { record: { decision: `SMS deferred until ${iso(start + D)}` } } });
    expect(held.status).toBe("waiting");
    expect((await timeline(id)).find((e) => e.name === "sms.deferred")?.properties).toMatchObject({ reason: "frequency_cap", detail: "1 marketing SMS in the last 24 hours, at most 1 a day" });
    await advance(D);
    await advance();
    expect(texts()).toEqual(["Text one", "Text two"]);
    await setPolicy({});
  });
});
