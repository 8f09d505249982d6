import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const DAY = 86_400_000;

interface Day {
  date: string;
  from: string;
  to: string;
  sent: number;
  opened: number;
  clicked: number;
}

describe.each(dialects)("the dashboard's reports, on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const advance = (ms = 0) => t.request("POST", "/api/v1/test-clock/advance", { body: { ms } });
  const workflow = async (name: string, nodes: unknown[], publish = true) => {
    const definition = { version: 1, triggers: [{ type: "api" }], start: (nodes[0] as { id: string }).id, nodes };
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name, definition } });
    expect(wf.status, wf.text).toBe(201);
    if (publish) expect((await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`)).status).toBe(200);
    return wf.body.id as string;
  };
  const enrol = async (workflowId: string, email: string) => {
    const contact = await t.request("POST", "/api/v1/contacts", { body: { email } });
    expect((await t.request("POST", `/api/v1/workflows/${workflowId}/enrol`, { body: { contactId: contact.body.id } })).body.enrolled).toBe(true);
    await advance();
  };
  /** The open pixel and the first tracked link of the newest email kept for `to`. */
  const trackingOf = async (to: string) => {
    const kept = (await t.request("GET", "/api/v1/mailbox?limit=50")).body.data.find((m: { to: string }) => m.to.includes(to));
    const html: string = (await t.request("GET", `/api/v1/mailbox/${kept.id}`)).body.html;
    const path = (re: RegExp) => new URL(html.match(re)![1]!.replace(/&amp;/g, "&")).pathname;
    return { pixel: path(/<img src="([^"]+\/t\/o\/[^"]+)"/), link: path(/href="([^"]+\/t\/c\/[^"]+)"/) };
  };
  const messages = async (query = "") => {
    const res = await t.request("GET", `/api/v1/reports/messages${query}`);
    expect(res.status, res.text).toBe(200);
    return res.body as { timeZone: string; from: string; to: string; days: Day[]; totals: { sent: number; opened: number; clicked: number } };
  };

  // The test clock starts at 2026-01-05T09:00Z.
  it("answers 30 empty days ending today on a new install, and no active workflow", async () => {
    const report = await messages();
    expect(report.days).toHaveLength(30);
    expect(report.days.at(-1)).toEqual({ date: "2026-01-05", from: "2026-01-05T00:00:00.000Z", to: "2026-01-06T00:00:00.000Z", sent: 0, opened: 0, clicked: 0 });
    expect(report.days[0]!.date).toBe("2025-12-07");
    expect(report).toMatchObject({ timeZone: "UTC", from: "2025-12-07T00:00:00.000Z", to: "2026-01-06T00:00:00.000Z", totals: { sent: 0, opened: 0, clicked: 0 } });
    expect((await t.request("GET", "/api/v1/reports/active-workflows")).body).toEqual({ data: [] });
  });

  it("counts emails sent per day, and opens and clicks once per message and day", async () => {
    const template = await t.request("POST", "/api/v1/templates", {
      body: { name: "Welcome", channel: "email", content: { subject: "Welcome", format: "html", body: '<p>Hi. <a href="https://example.com/start">Start here</a></p>' } },
    });
    const welcome = await workflow("Welcome", [
      { id: "hello", type: "action", action: { kind: "send_email", templateId: template.body.id }, next: "done" },
      { id: "done", type: "end" },
    ]);
    for (const who of ["ann", "ben", "cat"]) await enrol(welcome, `${who}@dash.test`);

    // Ann's mail client loads the pixel twice; Ben opens and clicks twice; Cat does nothing.
    const ann = await trackingOf("ann@dash.test");
    const ben = await trackingOf("ben@dash.test");
    for (const path of [ann.pixel, ann.pixel, ben.pixel, ben.link, ben.link]) expect((await t.request("GET", path, { auth: null })).status).toBeLessThan(400);

    // The next day Ann opens it again (a new day, counted again) and Dan gets his welcome.
    await advance(DAY);
    expect((await t.request("GET", ann.pixel, { auth: null })).status).toBe(200);
    await enrol(welcome, "dan@dash.test");

    const report = await messages();
    expect(report.days.at(-2)).toMatchObject({ date: "2026-01-05", sent: 3, opened: 2, clicked: 1 });
    expect(report.days.at(-1)).toMatchObject({ date: "2026-01-06", sent: 1, opened: 1, clicked: 0 });
    expect(report.totals).toEqual({ sent: 4, opened: 3, clicked: 1 });
    expect(report.days.slice(0, -2).every((d) => d.sent + d.opened + d.clicked === 0)).toBe(true);

    // The same events split at New York's midnights (UTC-5): the first sends, at 04:00 there on
    // January 5, fall on the 5th; today there starts at 05:00 UTC.
    const ny = await messages("?timeZone=America/New_York&days=3");
    expect(ny.days.map((d) => [d.date, d.sent])).toEqual([["2026-01-04", 0], ["2026-01-05", 3], ["2026-01-06", 1]]);
    expect(ny.days.at(-1)).toMatchObject({ from: "2026-01-06T05:00:00.000Z", to: "2026-01-07T05:00:00.000Z" });
  });

  it("lists active workflows only, each with its runs per status", async () => {
    const before = (await t.request("GET", "/api/v1/reports/active-workflows")).body.data;
    const nurture = await workflow("Nurture", [
      { id: "wait", type: "delay", wait: { kind: "duration", duration: { amount: 3, unit: "days" } }, next: "done" },
      { id: "done", type: "end" },
    ]);
    await enrol(nurture, "eve@dash.test");
    await enrol(nurture, "fay@dash.test");
    await workflow("Draft idea", [{ id: "done", type: "end" }], false);
    const paused = await workflow("Old campaign", [{ id: "done", type: "end" }]);
    expect((await t.request("POST", `/api/v1/workflows/${paused}/pause`)).status).toBe(200);

    const after = (await t.request("GET", "/api/v1/reports/active-workflows")).body.data;
    expect(after.map((w: { name: string }) => w.name)).toEqual([...before.map((w: { name: string }) => w.name), "Nurture"]);
    expect(after.find((w: { name: string }) => w.name === "Welcome")).toMatchObject({ currentVersion: 1, runs: { total: 4, inProgress: 0, completed: 4, converted: 0, exited: 0, failed: 0 } });
    expect(after.find((w: { id: string }) => w.id === nurture)).toEqual({ id: nurture, name: "Nurture", currentVersion: 1, runs: { total: 2, inProgress: 2, completed: 0, converted: 0, exited: 0, failed: 0 } });

    await advance(3 * DAY);
    const later = (await t.request("GET", "/api/v1/reports/active-workflows")).body.data;
    expect(later.find((w: { id: string }) => w.id === nurture).runs).toMatchObject({ total: 2, inProgress: 0, completed: 2 });
  });

  it("names a bad query field in a problem document", async () => {
    for (const [query, field] of [
      ["?days=0", "days"],
      ["?days=400", "days"],
      ["?timeZone=Mars/Olympus", "timeZone"],
      ["?colour=red", ""],
    ] as const) {
      const res = await t.request("GET", `/api/v1/reports/messages${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      if (field) expect(res.body.errors.map((e: { field: string }) => e.field).join(" "), query).toContain(field);
    }
  });
});
