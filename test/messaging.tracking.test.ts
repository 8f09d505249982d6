import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, type TestApp } from "./support/harness.js";
import { startTestAppWithSmtp, type SmtpSink } from "./support/smtp-sink.js";

const GUIDE = "https://example.com/guide.pdf?utm_source=email&utm_medium=guide";
const guideEmail = (subject: string) => ({
  subject,
  format: "mjml",
  body: `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Hi {{ contact.properties.first_name }}, here is your guide.</mj-text>
  <mj-button href="${GUIDE.replace("&", "&amp;")}">Download the guide</mj-button>
  <mj-text><a href="mailto:help@acme.test">Write to us</a> · <a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`,
});

/** The first starter scenario: the guide at once; 48 hours later a reminder, only to those who did not click. */
const leadMagnet = (guideId: string, reminderId: string) => ({
  version: 1,
  triggers: [{ type: "event", name: "Guide Requested" }],
  start: "thank_you",
  nodes: [
    { id: "thank_you", type: "action", action: { kind: "send_email", templateId: guideId }, next: "wait_48h" },
    { id: "wait_48h", type: "delay", wait: { kind: "duration", duration: { amount: 48, unit: "hours" } }, next: "clicked" },
    { id: "clicked", type: "condition", rule: { type: "engagement", action: "clicked", nodeId: "thank_you" }, yes: "downloaded", no: "reminder" },
    { id: "downloaded", type: "goal", name: "Clicked the guide link" },
    { id: "reminder", type: "action", action: { kind: "send_email", templateId: reminderId }, next: "done" },
    { id: "done", type: "end" },
  ],
});

const HOUR = 3600_000;

describe.each(dialects)("open and click tracking on %s", (dialect) => {
  let smtp: SmtpSink;
  let t: TestApp;
  beforeAll(async () => ({ t, smtp } = await startTestAppWithSmtp(dialect)));
  afterAll(async () => t?.close());

  const advance = (ms = 0) => t.request("POST", "/api/v1/test-clock/advance", { body: { ms } });
  const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
  const pathOf = (url: string) => new URL(url).pathname;
  const requestGuide = async (userId: string, email: string, name: string) => {
    expect((await t.request("POST", "/v1/identify", { body: { userId, traits: { email, first_name: name } }, auth: t.writeKey })).status).toBe(200);
    expect((await t.request("POST", "/v1/track", { body: { userId, event: "Guide Requested" }, auth: t.writeKey })).status).toBe(200);
    await advance();
    await advance();
    return (await t.request("GET", `/api/v1/contacts/lookup?externalId=${userId}`)).body as { id: string };
  };
  const timeline = async (contactId: string) =>
    (await t.request("GET", `/api/v1/contacts/${contactId}/timeline?kind=internal`)).body.data as { name: string; properties: Record<string, unknown>; context: Record<string, unknown> | null }[];

  it("sends the guide with tracked links; 48 hours later only the contact who did not click gets the reminder", async () => {
    const guide = await t.request("POST", "/api/v1/templates", { body: { name: "Guide", channel: "email", content: guideEmail("Your guide, {{ contact.properties.first_name }}") } });
    const reminder = await t.request("POST", "/api/v1/templates", { body: { name: "Guide reminder", channel: "email", content: guideEmail("Did you get your guide?") } });
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name: "Lead magnet", definition: leadMagnet(guide.body.id, reminder.body.id) } });
    expect((await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`)).status).toBe(200);

    // Ines and Omar ask for the guide; both get it at once, its links tracked.
    const ines = await requestGuide("ines-track", "ines@track.test", "Ines");
    const omar = await requestGuide("omar-track", "omar@track.test", "Omar");
    const [toInes] = smtp.to("ines@track.test");
    expect(toInes?.subject).toBe("Your guide, Ines");
    const links = hrefs(toInes!.html as string);
    const download = links.find((h) => h.includes("/t/c/"))!;
    expect(links).not.toContain(GUIDE);
    expect(links).toContain("mailto:help@acme.test");
    expect(links.some((h) => pathOf(h).startsWith("/u/"))).toBe(true);
    expect(toInes!.html).toMatch(/<img src="http:\/\/localhost:\d+\/t\/o\/[^"]+" width="1" height="1"/);
    expect(smtp.to("omar@track.test")).toHaveLength(1);

    // Ines clicks the download button: she lands on the guide, her browser is recognised next time.
    const click = await t.request("GET", pathOf(download), { auth: null, headers: { "user-agent": "Mail/1.0" } });
    expect(click.status).toBe(302);
    expect(click.headers.location).toBe(GUIDE);
    expect(String(click.headers["set-cookie"])).toMatch(/^pc_id=[^;]+; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax/);
    const clicked = (await timeline(ines.id)).find((e) => e.name === "email.clicked");
    expect(clicked?.properties).toMatchObject({ url: GUIDE, nodeId: "thank_you", workflowId: wf.body.id, campaignId: wf.body.id, templateId: guide.body.id, messageId: expect.any(String), runId: expect.any(String) });
    expect(clicked?.context).toMatchObject({ userAgent: "Mail/1.0" });

    // Two days later: Omar, who did not click, gets the reminder; Ines's run ends at its goal.
    await advance(48 * HOUR);
    await advance();
    expect(smtp.to("omar@track.test").map((m) => m.subject)).toEqual(["Your guide, Omar", "Did you get your guide?"]);
    expect(smtp.to("ines@track.test")).toHaveLength(1);
    const [inesRun] = (await t.request("GET", `/api/v1/contacts/${ines.id}/runs`)).body.data;
    expect(inesRun.status).toBe("converted");
    const [omarRun] = (await t.request("GET", `/api/v1/contacts/${omar.id}/runs`)).body.data;
    const detail = (await t.request("GET", `/api/v1/runs/${omarRun.id}`)).body;
    expect(detail.steps.find((s: { nodeId: string }) => s.nodeId === "clicked").record.record).toMatchObject({ decision: "no", reason: expect.stringContaining("did not click") });
  });

  it("records an open from the pixel, answering a transparent GIF that is never cached", async () => {
    const template = await t.request("POST", "/api/v1/templates", { body: { name: "Opened", channel: "email", content: guideEmail("Open me") } });
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name: "Opens", definition: { ...leadMagnet(template.body.id, template.body.id), triggers: [{ type: "event", name: "Open Test" }] } } });
    expect((await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`)).status).toBe(200);
    expect((await t.request("POST", "/v1/identify", { body: { userId: "lea-track", traits: { email: "lea@track.test" } }, auth: t.writeKey })).status).toBe(200);
    expect((await t.request("POST", "/v1/track", { body: { userId: "lea-track", event: "Open Test" }, auth: t.writeKey })).status).toBe(200);
    await advance();
    await advance();
    const pixel = /<img src="([^"]+\/t\/o\/[^"]+)"/.exec(smtp.to("lea@track.test")[0]!.html as string)![1]!;
    const open = await t.request("GET", pathOf(pixel), { auth: null });
    expect(open.status).toBe(200);
    expect(open.headers["content-type"]).toBe("image/gif");
    expect(open.headers["cache-control"]).toBe("no-store, max-age=0");
    const contact = (await t.request("GET", "/api/v1/contacts/lookup?externalId=lea-track")).body;
    expect((await timeline(contact.id)).find((e) => e.name === "email.opened")?.properties).toMatchObject({ nodeId: "thank_you", templateId: template.body.id, runId: expect.any(String) });
  });

  it("refuses altered and foreign tokens with a 400, never redirecting", async () => {
    const guide = await t.request("POST", "/api/v1/templates", { body: { name: "Forged", channel: "email", content: guideEmail("Forged") } });
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name: "Forged", definition: { ...leadMagnet(guide.body.id, guide.body.id), triggers: [{ type: "event", name: "Forge Test" }] } } });
    expect((await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`)).status).toBe(200);
    expect((await t.request("POST", "/v1/identify", { body: { userId: "eve-track", traits: { email: "eve@track.test" } }, auth: t.writeKey })).status).toBe(200);
    expect((await t.request("POST", "/v1/track", { body: { userId: "eve-track", event: "Forge Test" }, auth: t.writeKey })).status).toBe(200);
    await advance();
    await advance();
    const links = hrefs(smtp.to("eve@track.test")[0]!.html as string);
    const token = pathOf(links.find((h) => h.includes("/t/c/"))!).slice("/t/c/".length);
    const [body, mac] = token.split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString());
    const redirected = Buffer.from(JSON.stringify({ ...payload, u: "https://evil.example/phish" })).toString("base64url");
    const unsubscribe = pathOf(links.find((h) => pathOf(h).startsWith("/u/"))!).slice("/u/".length);
    for (const forged of [`${redirected}.${mac}`, `${body}.AAAA${mac!.slice(4)}`, "not-a-token", unsubscribe]) {
      const res = await t.request("GET", `/t/c/${forged}`, { auth: null });
      expect(res.status, forged).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.headers.location).toBeUndefined();
      expect(res.body.errors).toEqual([{ field: "params.token", message: "is not a tracked link this server made" }]);
    }
    expect((await t.request("GET", `/t/o/${token}`, { auth: null })).status).toBe(400);
  });
});
