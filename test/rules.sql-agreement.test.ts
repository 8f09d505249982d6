import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PropertyType } from "../src/contacts/index.js";
import { compareValue, compileRule, evaluateRule, sqlProblems } from "../src/rules/index.js";
import { type FakeContact, STAGES, fakeFacts } from "../src/rules/test-facts.js";
import { ComparisonOp, type Rule } from "../src/schemas/rule.js";
import { toJson } from "../src/store/index.js";
import { type TestApp, dialects, startTestApp } from "./support/harness.js";

/**
 * One rule, two answers: the SQL a segment runs over every contact and the evaluator a workflow
 * runs for one contact must pick the same people. fast-check builds random rules and random
 * contacts (with their tags, lists, segments, scores and events), stores the contacts, and
 * compares the set the compiled SQL selects with the set the evaluator matches.
 */

const NOW = Date.parse("2026-03-15T12:00:00.000Z");
const DAY = 86_400_000;
const TYPES: Record<string, PropertyType> = { plan: "string", seats: "number", signup: "date", flag: "boolean" };

const isoDate = fc.oneof(
  fc.integer({ min: NOW - 60 * DAY, max: NOW + 60 * DAY }).map((ms) => new Date(ms).toISOString()),
  fc.constantFrom("2026-03-01T00:00:00.000Z", "2026-03-15T12:00:00.000Z", "2026-02-15T12:00:00.000Z", "2026-03-08T12:00:00.000Z"),
);
// Text that is a date to parseInstant, or looks like one and is not: both sides must agree.
const dateLike = fc.constantFrom(
  "2026-03-01",
  "2026-03-14T10:00:00Z",
  "2026-03-14 10:00",
  "2026-03-14T10:00:00.123+02:00",
  "2026-03-14T10:00-0530",
  "2026-03-14T24:00:00Z",
  "2026-03-14t10:00Z",
  "2026-02-30",
  "2026-03-14T25:00Z",
  "2026-03-14T10:00+24:00",
  "2024-02-29",
  "2026-03-14T",
);
const text = fc.constantFrom("pro", "PRO", "Pro plan", "free", "", "École", "ÉCOLE", "100%", "a_b", "/pricing?x=1", "50");
// Small pools, so that random operands often hit the stored values, where off-by-one bugs live.
const number = fc.constantFrom(-1, 0, 1, 1.5, 2, 5, 50);
const scalar = fc.oneof(text, number, fc.constantFrom("1", "1.5", "true", "false"), fc.boolean(), isoDate, dateLike);
const duration = fc.record({ amount: fc.constantFrom(1, 7, 30), unit: fc.constantFrom("minutes", "hours", "days", "weeks", "months") });
// Operands of any shape, valid for the operator or not: SQL and memory must both say no.
const operand = fc.oneof(
  { arbitrary: number, weight: 4 },
  { arbitrary: isoDate, weight: 2 },
  { arbitrary: text, weight: 2 },
  { arbitrary: duration, weight: 2 },
  { arbitrary: fc.array(scalar, { minLength: 1, maxLength: 3 }), weight: 2 },
  { arbitrary: fc.tuple(number, number), weight: 1 },
  { arbitrary: scalar, weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);
const comparison = (properties: string[]) => fc.record({ property: fc.constantFrom(...properties), op: fc.constantFrom(...ComparisonOp.options), value: operand });
const EVENT_PROPERTIES = ["url", "plan", "at", "a.b", "$city", "missing"];
const countOp = fc.constantFrom("gte" as const, "gt" as const, "lte" as const, "lt" as const, "equals" as const);

const leaf: fc.Arbitrary<Rule> = fc.oneof(
  comparison([...Object.keys(TYPES), "missing"]).map((c) => ({ type: "property" as const, ...c })),
  fc.record({ type: fc.constant("lifecycle" as const), op: fc.constantFrom("is" as const, "is_not" as const, "at_least" as const, "at_most" as const), stage: fc.constantFrom(...STAGES, "vip") }),
  fc.record(
    {
      type: fc.constant("score" as const),
      op: fc.constantFrom("gte" as const, "gt" as const, "lte" as const, "lt" as const, "equals" as const, "between" as const),
      value: fc.oneof(number, fc.tuple(number, number)),
      score: fc.constantFrom("fit", "engagement"),
    },
    { requiredKeys: ["type", "op", "value"] },
  ),
  fc.record({ type: fc.constant("tag" as const), op: fc.constantFrom("has" as const, "has_not" as const), tag: fc.constantFrom("a", "b", "c") }),
  fc.record({ type: fc.constant("list" as const), op: fc.constantFrom("member" as const, "not_member" as const), listId: fc.constantFrom("l1", "l2") }),
  fc.record({ type: fc.constant("segment" as const), op: fc.constantFrom("member" as const, "not_member" as const), segmentId: fc.constantFrom("s1", "s2") }),
  fc.record(
    {
      type: fc.constant("event" as const),
      name: fc.constantFrom("Page Viewed", "Signed Up"),
      filters: fc.array(comparison(EVENT_PROPERTIES), { maxLength: 2 }),
      count: fc.record({ op: countOp, value: fc.integer({ min: 0, max: 3 }) }),
      within: duration,
    },
    { requiredKeys: ["type", "name", "count"] },
  ),
  fc.record(
    { type: fc.constant("engagement" as const), action: fc.constantFrom("opened" as const, "clicked" as const), templateId: fc.constantFrom("t1", "t2"), within: duration },
    { requiredKeys: ["type", "action", "templateId"] },
  ),
);

const { rule } = fc.letrec<{ rule: Rule }>((tie) => ({
  rule: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ type: fc.constant("all" as const), rules: fc.array(tie("rule"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ type: fc.constant("any" as const), rules: fc.array(tie("rule"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ type: fc.constant("not" as const), rule: tie("rule") }),
  ),
}));

const eventProperties = fc.record(
  { url: fc.oneof(text, scalar), plan: scalar, at: fc.oneof(dateLike, isoDate), "a.b": scalar, $city: text, templateId: fc.constantFrom("t1", "t2") },
  { requiredKeys: [] },
);

const contact: fc.Arbitrary<FakeContact> = fc.record({
  properties: fc.record(
    { plan: fc.oneof(text, fc.constantFrom("2026-03-01")), seats: number, signup: isoDate, flag: fc.boolean() },
    { requiredKeys: ["seats"] },
  ),
  stage: fc.constantFrom(null, ...STAGES, "retired"),
  score: number,
  scores: fc.record({ fit: number, engagement: number }, { requiredKeys: [] }),
  tags: fc.subarray(["a", "b", "c"]),
  lists: fc.subarray(["l1", "l2"]),
  segments: fc.subarray(["s1", "s2"]),
  events: fc.array(
    fc.tuple(
      fc.constantFrom("Page Viewed", "Signed Up", "email.opened", "email.clicked"),
      // A few events are stamped after now (clock skew): no rule counts them yet.
      fc.oneof(fc.integer({ min: NOW - 60 * DAY, max: NOW + DAY }), fc.constantFrom(NOW, NOW - 7 * DAY, NOW - 30 * DAY)),
      eventProperties,
    ),
    { maxLength: 6 },
  ),
});

describe.each(dialects)("rules: SQL and memory agree (%s)", (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const { db } = t.deps;
    const at = NOW;
    await db.insertInto("lists").values(["l1", "l2"].map((id) => ({ id, workspace_id: t.workspaceId, name: id, description: null, created_at: at }))).execute();
    await db
      .insertInto("segments")
      .values(["s1", "s2"].map((id) => ({ id, workspace_id: t.workspaceId, name: id, description: null, rule: toJson({ type: "tag", op: "has", tag: "a" }), status: "ready" as const, rule_version: 1, member_count: 0, attempts: 0, created_at: at, updated_at: at })))
      .execute();
  });
  afterAll(() => t?.close());

  /** Replaces the workspace's contacts with `contacts`, ids c0, c1, … */
  async function store(contacts: FakeContact[]): Promise<void> {
    const { db } = t.deps;
    const ws = t.workspaceId;
    await db.deleteFrom("contacts").where("workspace_id", "=", ws).execute();
    if (contacts.length === 0) return;
    await db
      .insertInto("contacts")
      .values(
        contacts.map((c, i) => ({
          id: `c${i}`,
          workspace_id: ws,
          email: null,
          external_id: null,
          properties: toJson(c.properties),
          lifecycle_stage: c.stage ?? null,
          score: c.score ?? 0,
          owner_id: null,
          timezone: null,
          subscriptions: toJson({}),
          created_at: NOW,
          updated_at: NOW,
        })),
      )
      .execute();
    const rows = <T>(pick: (c: FakeContact, id: string) => T[]) => contacts.flatMap((c, i) => pick(c, `c${i}`));
    const tags = rows((c, id) => (c.tags ?? []).map((tag) => ({ workspace_id: ws, contact_id: id, tag, created_at: NOW })));
    const lists = rows((c, id) => (c.lists ?? []).map((list_id) => ({ workspace_id: ws, list_id, contact_id: id, created_at: NOW })));
    const segments = rows((c, id) => (c.segments ?? []).map((segment_id) => ({ workspace_id: ws, segment_id, contact_id: id, entered_at: NOW })));
    const scores = rows((c, id) => Object.entries(c.scores ?? {}).map(([score, points]) => ({ workspace_id: ws, contact_id: id, score, points, updated_at: NOW })));
    const events = rows((c, id) =>
      (c.events ?? []).map(([name, timestamp, properties], n) => ({
        id: `${id}-e${n}`,
        workspace_id: ws,
        contact_id: id,
        kind: "track",
        name,
        properties: toJson(properties),
        context: null,
        message_id: null,
        timestamp,
        received_at: timestamp,
      })),
    );
    if (tags.length) await db.insertInto("contact_tags").values(tags).execute();
    if (lists.length) await db.insertInto("list_members").values(lists).execute();
    if (segments.length) await db.insertInto("segment_members").values(segments).execute();
    if (scores.length) await db.insertInto("contact_scores").values(scores).execute();
    if (events.length) await db.insertInto("events").values(events).execute();
  }

  async function selected(r: Rule): Promise<string[]> {
    const condition = compileRule(r, { dialect: t.deps.dialect, workspaceId: t.workspaceId, now: NOW, lifecycleStages: STAGES, propertyTypes: new Map(Object.entries(TYPES)) });
    const rows = await t.deps.db.selectFrom("contacts as c").select("c.id").where("c.workspace_id", "=", t.workspaceId).where(condition).execute();
    return rows.map((row) => row.id).sort();
  }

  function matched(r: Rule, contacts: FakeContact[]): string[] {
    return contacts
      .flatMap((c, i) => (evaluateRule(r, fakeFacts({ ...c, now: NOW, types: TYPES }, (actual, f) => compareValue(actual, f, NOW))).matched ? [`c${i}`] : []))
      .sort();
  }

  it("select the same contacts for random rules", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(contact, { minLength: 1, maxLength: 12 }), fc.array(rule, { minLength: 1, maxLength: 15 }), async (contacts, rules) => {
        await store(contacts);
        for (const r of rules) {
          expect(sqlProblems(r)).toEqual([]);
          expect(await selected(r), JSON.stringify(r)).toEqual(matched(r, contacts));
        }
      }),
      { numRuns: dialect === "sqlite" ? 300 : 120 },
    );
  });

  it("read dates in event properties as the evaluator does", async () => {
    const texts = ["2026-03-01", "2026-03-14 10:00", "2026-03-14T10:00:00.5-00:30", "2026-03-14T24:00Z", "0099-02-29", "2000-02-29", "1900-02-29", "2026-13-01", "2026-03-14T10:00:60Z", "x2026-03-01"];
    for (const value of texts) {
      const contacts: FakeContact[] = [{ events: [["Signed Up", NOW - DAY, { at: value }]] }];
      await store(contacts);
      const r: Rule = { type: "event", name: "Signed Up", filters: [{ property: "at", op: "after", value: "2026-01-01" }], count: { op: "gte", value: 1 } };
      const onlyDates: Rule = { type: "event", name: "Signed Up", filters: [{ property: "at", op: "within_last", value: { amount: 100, unit: "months" } }], count: { op: "gte", value: 1 } };
      expect(await selected(r), value).toEqual(matched(r, contacts));
      expect(await selected(onlyDates), value).toEqual(matched(onlyDates, contacts));
    }
  });

  it("report engagement with a workflow step as having no SQL form", () => {
    const r: Rule = { type: "all", rules: [{ type: "tag", op: "has", tag: "a" }, { type: "engagement", action: "clicked", nodeId: "welcome" }] };
    expect(sqlProblems(r)).toEqual([{ path: ["rules", 1, "nodeId"], message: expect.stringContaining("templateId") }]);
  });
});
