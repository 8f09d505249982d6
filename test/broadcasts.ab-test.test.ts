import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, T0, type TestApp } from "./support/harness.js";
import { recipientOf, startTestAppWithSmtp, type SmtpSink } from "./support/smtp-sink.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(dialects)("broadcast A/B tests and resends on %s", (dialect) => {
  let smtp: SmtpSink;
  let t: TestApp;
  beforeAll(async () => ({ t, smtp } = await startTestAppWithSmtp(dialect)));
  afterAll(async () => t?.close());

  const ok = <T = any>(res: { status: number; body: any }, status = 200): T => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body as T;
  };
  const until = async (at: number) => ok(await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: Math.max(0, at - t.clock.now()) } }));
  const audience = async (name: string, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(ok<{ id: string }>(await t.request("POST", "/api/v1/contacts", { body: { email: `${name}${i}@ab.test`, properties: { first_name: `N${i}` } } }), 201).id);
    const list = ok<{ id: string }>(await t.request("POST", "/api/v1/lists", { body: { name } }), 201);
    ok(await t.request("POST", `/api/v1/lists/${list.id}/members`, { body: { contactIds: ids } }));
    return list.id;
  };
  const template = async (name: string) =>
    ok<{ id: string }>(
      await t.request("POST", "/api/v1/templates", {
        body: { name, channel: "email", content: { subject: "Plain subject", format: "html", body: '<p>Hi {{ contact.properties.first_name }}</p><p><a href="https://example.com/offer">Offer</a></p>' } },
      }),
      201,
    ).id;
  const received = (id: string) => smtp.received.filter((m) => m.headers.get("x-parcours-broadcast") === id);
  /** Fetches the open pixel of a received email, as a mail client showing images does. */
  const open = async (mail: ParsedMail) => {
    const pixel = /src="https?:\/\/[^/"]+(\/t\/o\/[^"]+)"/.exec(String(mail.html))![1]!;
    const res = await t.request("GET", pixel, { auth: null });
    expect(res.status).toBe(200);
  };
  const read = async (id: string) => ok<any>(await t.request("GET", `/api/v1/broadcasts/${id}`));
  const stats = async (id: string) => ok<any>(await t.request("GET", `/api/v1/broadcasts/${id}/stats`));

  it("tests subjects on a sample, sends the variant with the most unique opens to the rest, then resends to non-openers", async () => {
    const listId = await audience("ab", 20);
    const templateId = await template("Offer");
    const b = ok<{ id: string }>(
      await t.request("POST", "/api/v1/broadcasts", {
        body: {
          name: "Offer test",
          templateId,
          audience: { listId },
          abTest: { variants: [{ id: "a", subject: "Subject A for {{ contact.properties.first_name }}" }, { id: "b", subject: "Subject B" }], samplePercent: 20, metric: "opens", duration: { amount: 4, unit: "hours" } },
          resend: { after: { amount: 2, unit: "days" }, subject: "Did you miss it?" },
        },
      }),
      201,
    );
    ok(await t.request("POST", `/api/v1/broadcasts/${b.id}/send`), 202);
    await until(T0);

    // The sample: 20% of 20, split evenly.
    const sample = received(b.id);
    expect(sample).toHaveLength(4);
    const bySubject = (prefix: string) => sample.filter((m) => m.subject!.startsWith(prefix));
    expect(bySubject("Subject A for N")).toHaveLength(2);
    expect(bySubject("Subject B")).toHaveLength(2);
    expect(await read(b.id)).toMatchObject({ status: "testing", recipients: 20, abTest: { winner: null, endsAt: new Date(T0 + 4 * HOUR).toISOString() } });

    // B is opened by two contacts (one twice), A by one: B wins on unique opens.
    for (const m of bySubject("Subject B")) await open(m);
    await open(bySubject("Subject B")[0]!);
    await open(bySubject("Subject A")[0]!);
    const opener = ok<{ id: string }>(await t.request("GET", `/api/v1/contacts/lookup?email=${encodeURIComponent(recipientOf(bySubject("Subject B")[0]!))}`));
    const timeline = ok<{ data: { name: string; properties: Record<string, unknown> }[] }>(await t.request("GET", `/api/v1/contacts/${opener.id}/timeline?kind=internal`)).data;
    expect(timeline.find((e) => e.name === "email.opened")?.properties).toMatchObject({ campaignId: b.id, variant: "b", templateId });

    await until(T0 + 4 * HOUR - 1);
    expect(received(b.id)).toHaveLength(4);
    await until(T0 + 4 * HOUR);
    const all = received(b.id);
    expect(all).toHaveLength(20);
    expect(all.slice(4).every((m) => m.subject === "Subject B")).toBe(true);
    expect(new Set(all.map(recipientOf)).size).toBe(20);
    expect(await read(b.id)).toMatchObject({ status: "sent", abTest: { winner: "b" }, resend: { status: "pending", at: new Date(T0 + 2 * DAY).toISOString() } });

    const s = await stats(b.id);
    expect(s.totals).toMatchObject({ recipients: 20, sent: 20, delivered: 20, uniqueOpens: 3, rates: { open: 0.15 } });
    expect(s.variants).toEqual([
      expect.objectContaining({ id: "a", winner: false, recipients: 2, sent: 2, uniqueOpens: 1, rates: expect.objectContaining({ open: 0.5 }) }),
      expect.objectContaining({ id: "b", winner: true, recipients: 18, sent: 18, uniqueOpens: 2 }),
    ]);
    expect(s.resend).toMatchObject({ recipients: 0, sent: 0 });

    // The resend: two days after each first send, to those who have not opened by then.
    await until(T0 + 2 * DAY);
    const firstResends = received(b.id).slice(20);
    expect(firstResends.map((m) => m.subject)).toEqual(["Did you miss it?"]);
    expect(firstResends[0]!.to).toEqual(bySubject("Subject A")[1]!.to);
    expect((await read(b.id)).status).toBe("sending");
    const lateOpener = all[10]!;
    await until(T0 + 2 * DAY + HOUR);
    await open(lateOpener);
    await until(T0 + 2 * DAY + 4 * HOUR);
    const resends = received(b.id).slice(20);
    expect(resends).toHaveLength(16);
    expect(resends.map(recipientOf)).not.toContain(recipientOf(lateOpener));
    expect(await read(b.id)).toMatchObject({ status: "sent", resend: { status: "sent" } });
    const after = await stats(b.id);
    expect(after.resend).toMatchObject({ recipients: 17, sent: 16, skipped: { total: 1, byReason: { opened: 1 } } });
    expect(after.totals).toMatchObject({ uniqueOpens: 4 });
  });

  it("gives a tie to the first variant, and a clicks test counts clicks", async () => {
    const listId = await audience("tie", 6);
    const templateId = await template("Tie");
    const other = await template("Tie other");
    const b = ok<{ id: string }>(
      await t.request("POST", "/api/v1/broadcasts", {
        body: { name: "Tie", templateId, audience: { listId }, abTest: { variants: [{ id: "first", subject: "First" }, { id: "second", templateId: other }], samplePercent: 100, metric: "clicks", duration: { amount: 1, unit: "hours" } } },
      }),
      201,
    );
    ok(await t.request("POST", `/api/v1/broadcasts/${b.id}/send`), 202);
    await until(t.clock.now());
    expect(received(b.id)).toHaveLength(6);
    // An open is no click.
    await open(received(b.id).find((m) => m.subject === "Plain subject")!);
    await until(t.clock.now() + HOUR);
    expect(await read(b.id)).toMatchObject({ status: "sent", abTest: { winner: "first" } });
    expect(received(b.id)).toHaveLength(6);
    const s = await stats(b.id);
    expect(s.variants.map((v: { id: string; recipients: number; uniqueOpens: number; uniqueClicks: number }) => [v.id, v.recipients, v.uniqueOpens, v.uniqueClicks])).toEqual([
      ["first", 3, 0, 0],
      ["second", 3, 1, 0],
    ]);
  });
});
