import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const DAY = 86_400_000;

describe.each(dialects)("lead scoring on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const contact = async (body: Record<string, unknown>) => (await t.request("POST", "/api/v1/contacts", { body })).body.id as string;
  const track = async (userId: string, event: string, properties: Record<string, unknown> = {}) =>
    expect((await t.request("POST", "/v1/track", { body: { userId, event, properties }, auth: t.writeKey })).status).toBe(200);
  const advance = (ms: number) => t.request("POST", "/api/v1/test-clock/advance", { body: { ms } });
  const score = async (key: string, settings: Record<string, unknown>) => {
    const res = await t.request("PUT", `/api/v1/scores/${key}`, { body: settings });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const rule = async (body: Record<string, unknown>) => {
    const res = await t.request("POST", "/api/v1/scoring-rules", { body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const pointsOf = async (id: string, key = "default") => ((await t.request("GET", `/api/v1/contacts/${id}/scores`)).body.data as { key: string; points: number }[]).find((s) => s.key === key)?.points;
  const scoreEvents = async (id: string, name = "score.changed") =>
    ((await t.request("GET", `/api/v1/contacts/${id}/timeline?kind=internal&limit=500`)).body.data as { name: string; properties: Record<string, unknown> }[])
      .filter((e) => e.name === name)
      .map((e) => e.properties);

  it("adds points for a matching event and explains them: which rule, how many points, from which event", async () => {
    const ruleId = await rule({ kind: "event", name: "Pricing visit", event: { name: "Viewed Pricing", filters: [{ property: "plan", op: "equals", value: "pro" }] }, points: 10 });
    const ada = await contact({ externalId: "ada-score" });
    await track("ada-score", "Viewed Pricing", { plan: "pro" });
    await track("ada-score", "Viewed Pricing", { plan: "free" });
    expect(await pointsOf(ada)).toBe(10);
    const [change] = await scoreEvents(ada);
    expect(change).toMatchObject({ from: 0, to: 10, delta: 10, cause: "rule", ruleId, ruleName: "Pricing visit", points: 10, eventId: expect.any(String), eventName: "Viewed Pricing" });
    const scores = (await t.request("GET", `/api/v1/contacts/${ada}/scores`)).body.data.find((s: { key: string }) => s.key === "default");
    expect(scores.recentAwards).toEqual([expect.objectContaining({ ruleId, points: 10, eventId: change!.eventId, removedAt: null })]);
  });

  it("caps the points a rule gives in a period", async () => {
    await rule({ kind: "event", name: "Downloads", event: { name: "Downloaded" }, points: 10, cap: { points: 25, per: { amount: 1, unit: "days" } } });
    const bob = await contact({ externalId: "bob-cap" });
    for (let i = 0; i < 4; i++) await track("bob-cap", "Downloaded");
    expect(await pointsOf(bob)).toBe(25);
    await advance(DAY + 1000);
    await track("bob-cap", "Downloaded");
    expect(await pointsOf(bob)).toBe(35);

    // Several events in one batch share the room left in the period with those stored before.
    const batch = Array.from({ length: 3 }, () => ({ type: "track", userId: "bob-cap", event: "Downloaded" }));
    expect((await t.request("POST", "/v1/batch", { body: { batch }, auth: t.writeKey })).status).toBe(200);
    expect(await pointsOf(bob)).toBe(50);
    expect((await scoreEvents(bob)).slice(0, 2).map((e) => e.points)).toEqual([5, 10]);
  });

  it("keeps fit points in a named score while a property holds, and rules read that score", async () => {
    await score("fit", { name: "Fit" });
    await rule({ kind: "property", score: "fit", name: "Big company", property: { property: "employees", op: "gte", value: 50 }, points: 20 });
    const cy = await contact({ email: "cy@fit.example", properties: { employees: 120 } });
    expect(await pointsOf(cy, "fit")).toBe(20);
    const preview = await t.request("POST", "/api/v1/segments/preview", { body: { rule: { type: "score", score: "fit", op: "gte", value: 20 } } });
    expect(preview.body.sample.map((c: { id: string }) => c.id)).toContain(cy);
    await t.request("PATCH", `/api/v1/contacts/${cy}`, { body: { properties: { employees: 300 } } });
    expect(await pointsOf(cy, "fit")).toBe(20);
    await t.request("PATCH", `/api/v1/contacts/${cy}`, { body: { properties: { employees: 10 } } });
    expect(await pointsOf(cy, "fit")).toBe(0);
    expect((await scoreEvents(cy)).map((e) => [e.score, e.delta, e.cause])).toEqual([
      ["fit", -20, "fit"],
      ["fit", 20, "fit"],
    ]);
  });

  it("takes back points after they expire, and halves a decaying score every period", async () => {
    await score("recent", { name: "Recent activity", decay: { kind: "expire", after: { amount: 7, unit: "days" } } });
    await score("buzz", { name: "Buzz", decay: { kind: "halve", every: { amount: 7, unit: "days" } } });
    await rule({ kind: "event", score: "recent", name: "Recent webinar", event: { name: "Attended Webinar" }, points: 15 });
    await rule({ kind: "event", score: "buzz", name: "Webinar buzz", event: { name: "Attended Webinar" }, points: 40 });
    const dee = await contact({ externalId: "dee-decay" });
    await track("dee-decay", "Attended Webinar");
    expect([await pointsOf(dee, "recent"), await pointsOf(dee, "buzz")]).toEqual([15, 40]);
    await advance(7 * DAY + 1000);
    expect([await pointsOf(dee, "recent"), await pointsOf(dee, "buzz")]).toEqual([0, 20]);
    await advance(7 * DAY);
    expect(await pointsOf(dee, "buzz")).toBe(10);
    expect((await scoreEvents(dee)).filter((e) => e.score === "recent").map((e) => e.cause)).toEqual(["expiry", "rule"]);
  });

  it("emits score.crossed and promotes to MQL at the threshold, only ever forward", async () => {
    await score("engagement", { name: "Engagement", thresholds: [50], promote: [{ threshold: 50, stage: "mql" }] });
    await rule({ kind: "event", score: "engagement", name: "Clicks", event: { name: "email.clicked" }, points: 25 });
    const eve = await contact({ externalId: "eve-promo", lifecycleStage: "lead" });
    const fay = await contact({ externalId: "fay-promo", lifecycleStage: "customer" });
    for (const user of ["eve-promo", "fay-promo"]) for (let i = 0; i < 2; i++) await track(user, "email.clicked");
    expect((await t.request("GET", `/api/v1/contacts/${eve}`)).body.lifecycleStage).toBe("mql");
    expect((await t.request("GET", `/api/v1/contacts/${fay}`)).body.lifecycleStage).toBe("customer");
    expect(await scoreEvents(eve, "score.crossed")).toEqual([{ score: "engagement", threshold: 50, direction: "up", from: 25, to: 50 }]);
  });

  it("starts workflows on score.crossed", async () => {
    await score("intent", { name: "Intent", thresholds: [30] });
    await rule({ kind: "event", score: "intent", name: "Demo", event: { name: "Requested Demo" }, points: 30 });
    const workflow = await t.request("POST", "/api/v1/workflows", {
      body: {
        name: "Hot lead",
        definition: { version: 1, triggers: [{ type: "score.crossed", score: "intent", threshold: 30, direction: "up" }], start: "tag", nodes: [{ id: "tag", type: "action", action: { kind: "add_tag", tag: "hot" }, next: "done" }, { id: "done", type: "end" }] },
      },
    });
    expect(workflow.status, JSON.stringify(workflow.body)).toBe(201);
    await t.request("POST", `/api/v1/workflows/${workflow.body.id}/publish`);
    const gus = await contact({ externalId: "gus-intent" });
    await track("gus-intent", "Requested Demo");
    await t.engine.runDue();
    expect((await t.request("GET", `/api/v1/contacts/${gus}`)).body.tags).toContain("hot");
  });

  it("refuses bad scores and rules, naming the field", async () => {
    const unknown = await t.request("POST", "/api/v1/scoring-rules", { body: { kind: "event", score: "nope", name: "x", event: { name: "x" }, points: 1 } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain("score");
    const zero = await t.request("POST", "/api/v1/scoring-rules", { body: { kind: "event", name: "x", event: { name: "x" }, points: 0 } });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body)).toContain("points");
    const stage = await t.request("PUT", "/api/v1/scores/bad", { body: { name: "Bad", promote: [{ threshold: 5, stage: "wizard" }] } });
    expect(stage.status).toBe(400);
    expect(JSON.stringify(stage.body)).toContain("promote.0.stage");
    expect((await t.request("PUT", "/api/v1/scores/Bad-Key", { body: { name: "x" } })).status).toBe(400);
  });
});
