import { describe, expect, it } from "vitest";
import { Trigger } from "../../schemas/workflow/index.js";
import { eventKey, matchesTrigger, type StoredEvent, triggerKeys } from "./match.js";

const now = Date.parse("2026-03-01T12:00:00Z");
const event = (kind: string, name: string | null, properties: Record<string, unknown> = {}): StoredEvent => ({ kind, name, properties, timestamp: now });
const internal = (name: string, properties: Record<string, unknown> = {}) => event("internal", name, properties);
const track = (name: string, properties: Record<string, unknown> = {}) => event("track", name, properties);
const page = (url: unknown) => event("page", "Pricing", { url });

interface Case {
  why: string;
  trigger: Trigger;
  event: StoredEvent;
  fires: boolean;
}

// Triggers are parsed with the schema, so the table cannot hold a trigger an API client could not send.
const c = (why: string, trigger: unknown, e: StoredEvent, fires: boolean): Case => ({ why, trigger: Trigger.parse(trigger), event: e, fires });

const signedUp = { type: "event", name: "Signed Up", filters: [{ property: "plan", op: "equals", value: "pro" }, { property: "seats", op: "gte", value: 5 }] };
const pricing = (op: string, value: string) => ({ type: "page.viewed", url: { op, value } });
const planChanged = (from?: unknown, to?: unknown) => ({ type: "property.changed", property: "plan", ...(from !== undefined && { from }), ...(to !== undefined && { to }) });
const changed = (property: string, old: unknown, value: unknown) => internal("property.changed", { property, old, new: value });
const score = (from: number, to: number) => internal("score.changed", { from, to, delta: to - from, cause: "api" });
const crossed = (score: string | undefined, threshold: number, direction: "up" | "down") =>
  internal("score.crossed", { ...(score !== undefined && { score }), threshold, direction, from: direction === "up" ? threshold - 1 : threshold, to: direction === "up" ? threshold : threshold - 1 });
const created = (source: Record<string, unknown>) => internal("contact.created", { email: "ada@example.com", externalId: null, properties: {}, source });

const cases: Case[] = [
  c("contact created", { type: "contact.created" }, created({ channel: "api" }), true),
  c("contact created by an import", { type: "contact.created" }, created({ channel: "import", importId: "imp1" }), true),
  c("another internal event is not a creation", { type: "contact.created" }, internal("tag.added", { tag: "vip" }), false),
  c("a track event named contact.created is not a creation", { type: "contact.created" }, track("contact.created"), false),

  c("event: name and every filter pass", signedUp, track("Signed Up", { plan: "pro", seats: 10 }), true),
  c("event: wrong name", signedUp, track("Signed In", { plan: "pro", seats: 10 }), false),
  c("event: name differs in case", signedUp, track("signed up", { plan: "pro", seats: 10 }), false),
  c("event: one filter fails", signedUp, track("Signed Up", { plan: "pro", seats: 2 }), false),
  c("event: filtered property missing", signedUp, track("Signed Up", { plan: "pro" }), false),
  c("event: no filters, any properties", { type: "event", name: "Signed Up" }, track("Signed Up"), true),
  c("event: an internal event of that name is not a track event", { type: "event", name: "tag.added" }, internal("tag.added", { tag: "x" }), false),
  c("event: filter on a date relative to now", { type: "event", name: "Trial", filters: [{ property: "ends", op: "within_next", value: { amount: 3, unit: "days" } }] }, track("Trial", { ends: "2026-03-03T00:00:00Z" }), true),

  c("page: equals ignores case", pricing("equals", "https://acme.com/Pricing"), page("https://ACME.com/pricing"), true),
  c("page: equals is the whole URL", pricing("equals", "https://acme.com/pricing"), page("https://acme.com/pricing?x=1"), false),
  c("page: contains", pricing("contains", "/pricing"), page("https://acme.com/en/pricing?x=1"), true),
  c("page: contains, wrong url", pricing("contains", "/pricing"), page("https://acme.com/blog"), false),
  c("page: starts_with", pricing("starts_with", "https://acme.com/docs"), page("https://acme.com/docs/api"), true),
  c("page: starts_with, the prefix elsewhere", pricing("starts_with", "https://acme.com/docs"), page("https://blog.com/https://acme.com/docs"), false),
  c("page: glob", pricing("matches", "https://*.acme.com/*/pricing"), page("https://www.acme.com/en/pricing"), true),
  c("page: glob ignores case", pricing("matches", "https://*.ACME.com/*"), page("https://www.acme.com/x"), true),
  c("page: glob is anchored at the end", pricing("matches", "https://*.acme.com/*/pricing"), page("https://www.acme.com/en/pricing/plans"), false),
  c("page: glob is anchored at the start", pricing("matches", "acme.com/*"), page("https://acme.com/x"), false),
  c("page: glob takes regex characters literally", pricing("matches", "https://acme.com/a.b?c=(1)*"), page("https://acme.com/a.b?c=(1)&d=2"), true),
  c("page: glob dot is not a wildcard", pricing("matches", "https://acme.com/a.b"), page("https://acme.com/aXb"), false),
  c("page: star matches nothing too", pricing("matches", "https://acme.com/*pricing*"), page("https://acme.com/pricing"), true),
  c("page: no url", pricing("contains", "acme"), page(undefined), false),
  c("page: a screen is not a page", pricing("contains", "acme"), event("screen", "Home", { url: "https://acme.com" }), false),

  c("property: any change of it", planChanged(), changed("plan", "free", "pro"), true),
  c("property: another property", planChanged(), changed("seats", 1, 2), false),
  c("property: from and to", planChanged("free", "pro"), changed("plan", "free", "pro"), true),
  c("property: wrong from", planChanged("trial", "pro"), changed("plan", "free", "pro"), false),
  c("property: wrong to", planChanged(undefined, "pro"), changed("plan", "pro", "team"), false),
  c("property: from null means it was unset", planChanged(null), changed("plan", null, "pro"), true),
  c("property: from null, it was set", planChanged(null), changed("plan", "free", "pro"), false),
  c("property: to null means it becomes unset", planChanged(undefined, null), changed("plan", "free", null), true),
  c("property: to null, it stays set", planChanged(undefined, null), changed("plan", "free", "pro"), false),
  c("property: from a value, it was unset", planChanged("free"), changed("plan", null, "pro"), false),
  c("property: numbers compare as numbers", { type: "property.changed", property: "seats", to: 5 }, changed("seats", 1, 5), true),
  c("property: dates compare as instants", { type: "property.changed", property: "renews", to: "2026-04-01" }, changed("renews", null, "2026-04-01T00:00:00.000Z"), true),

  c("tag added", { type: "tag.added", tag: "vip" }, internal("tag.added", { tag: "vip" }), true),
  c("tag added: another tag", { type: "tag.added", tag: "vip" }, internal("tag.added", { tag: "churned" }), false),
  c("tag added: it was removed", { type: "tag.added", tag: "vip" }, internal("tag.removed", { tag: "vip" }), false),
  c("tag removed", { type: "tag.removed", tag: "vip" }, internal("tag.removed", { tag: "vip" }), true),
  c("tag removed: another tag", { type: "tag.removed", tag: "vip" }, internal("tag.removed", { tag: "churned" }), false),

  c("list joined", { type: "list.joined", listId: "l1" }, internal("list.joined", { listId: "l1", listName: "News" }), true),
  c("list joined: another list", { type: "list.joined", listId: "l1" }, internal("list.joined", { listId: "l2", listName: "News" }), false),
  c("list joined: it was left", { type: "list.joined", listId: "l1" }, internal("list.left", { listId: "l1", listName: "News" }), false),
  c("list left", { type: "list.left", listId: "l1" }, internal("list.left", { listId: "l1", listName: "News" }), true),
  c("list left: another list", { type: "list.left", listId: "l1" }, internal("list.left", { listId: "l2", listName: "News" }), false),

  c("lifecycle: any change", { type: "lifecycle.changed" }, internal("lifecycle.changed", { from: null, to: "lead", cause: "api" }), true),
  c("lifecycle: from and to", { type: "lifecycle.changed", from: "lead", to: "mql" }, internal("lifecycle.changed", { from: "lead", to: "mql" }), true),
  c("lifecycle: wrong from", { type: "lifecycle.changed", from: "subscriber", to: "mql" }, internal("lifecycle.changed", { from: "lead", to: "mql" }), false),
  c("lifecycle: wrong to", { type: "lifecycle.changed", to: "customer" }, internal("lifecycle.changed", { from: "lead", to: "mql" }), false),

  c("score: any change", { type: "score.changed" }, score(10, 5), true),
  c("score: crosses above", { type: "score.changed", crossesAbove: 50 }, score(40, 60), true),
  c("score: reaches the threshold from below", { type: "score.changed", crossesAbove: 50 }, score(49, 50), true),
  c("score: above already, rises further", { type: "score.changed", crossesAbove: 50 }, score(50, 70), false),
  c("score: rises but stays under", { type: "score.changed", crossesAbove: 50 }, score(10, 49), false),
  c("score: crosses the threshold the other way", { type: "score.changed", crossesAbove: 50 }, score(60, 40), false),
  c("score: crosses below", { type: "score.changed", crossesBelow: 50 }, score(50, 49), true),
  c("score: below already, falls further", { type: "score.changed", crossesBelow: 50 }, score(49, 10), false),
  c("score: falls but stays at or over", { type: "score.changed", crossesBelow: 50 }, score(80, 50), false),
  c("score: crosses below the other way", { type: "score.changed", crossesBelow: 50 }, score(40, 60), false),
  c("score: either bound fires", { type: "score.changed", crossesAbove: 80, crossesBelow: 20 }, score(30, 10), true),

  c("score: a named score's change", { type: "score.changed", score: "fit" }, internal("score.changed", { score: "fit", from: 0, to: 5, delta: 5, cause: "rule" }), true),
  c("score: the main score is not a named one", { type: "score.changed", score: "fit" }, score(0, 5), false),

  c("score crossed: any threshold", { type: "score.crossed" }, crossed(undefined, 50, "up"), true),
  c("score crossed: that threshold upwards", { type: "score.crossed", threshold: 50, direction: "up" }, crossed(undefined, 50, "up"), true),
  c("score crossed: another threshold", { type: "score.crossed", threshold: 80 }, crossed(undefined, 50, "up"), false),
  c("score crossed: the other direction", { type: "score.crossed", direction: "up" }, crossed(undefined, 50, "down"), false),
  c("score crossed: a named score", { type: "score.crossed", score: "engagement" }, crossed("engagement", 50, "up"), true),
  c("score crossed: another score", { type: "score.crossed", score: "engagement" }, crossed("fit", 50, "up"), false),

  c("import: a contact it created", { type: "import" }, created({ channel: "import", importId: "imp1" }), true),
  c("import: a contact it updated", { type: "import" }, internal("import.contact", { importId: "imp1", created: false }), true),
  c("import: a contact created through the API", { type: "import" }, created({ channel: "api" }), false),
  c("import: a contact created by ingestion", { type: "import" }, created({ channel: "ingest" }), false),
  c("import: that import created it", { type: "import", importId: "imp1" }, created({ channel: "import", importId: "imp1" }), true),
  c("import: another import created it", { type: "import", importId: "imp1" }, created({ channel: "import", importId: "imp2" }), false),
  c("import: that import updated it", { type: "import", importId: "imp1" }, internal("import.contact", { importId: "imp1", created: false }), true),
  c("import: another import updated it", { type: "import", importId: "imp1" }, internal("import.contact", { importId: "imp2", created: false }), false),
  c("form submitted: that form", { type: "form.submitted", formId: "f1" }, internal("form.submitted", { formId: "f1", fields: {} }), true),
  c("form submitted: another form", { type: "form.submitted", formId: "f1" }, internal("form.submitted", { formId: "f2", fields: {} }), false),
  c("email opened: any message", { type: "email.opened" }, internal("email.opened", { messageId: "m1", nodeId: "send" }), true),
  c("email opened: the message of that node", { type: "email.opened", nodeId: "send" }, internal("email.opened", { messageId: "m1", nodeId: "send" }), true),
  c("email opened: another node's message", { type: "email.opened", nodeId: "send" }, internal("email.opened", { messageId: "m1", nodeId: "other" }), false),
  c("email opened: a click is not an open", { type: "email.opened" }, internal("email.clicked", { messageId: "m1", url: "https://a.test" }), false),
  c("email clicked: that template", { type: "email.clicked", templateId: "t1" }, internal("email.clicked", { templateId: "t1", url: "https://a.test" }), true),
  c("email clicked: another template", { type: "email.clicked", templateId: "t1" }, internal("email.clicked", { templateId: "t2", url: "https://a.test" }), false),
  c("email clicked: the link", { type: "email.clicked", url: { op: "contains", value: "/ebook" } }, internal("email.clicked", { url: "https://a.test/EBOOK.pdf" }), true),
  c("email clicked: another link", { type: "email.clicked", url: { op: "contains", value: "/ebook" } }, internal("email.clicked", { url: "https://a.test/pricing" }), false),
  c("segment entered: that segment", { type: "segment.entered", segmentId: "s1" }, internal("segment.entered", { segmentId: "s1" }), true),
  c("segment entered: leaving is not entering", { type: "segment.entered", segmentId: "s1" }, internal("segment.exited", { segmentId: "s1" }), false),
  c("segment exited: that segment", { type: "segment.exited", segmentId: "s1" }, internal("segment.exited", { segmentId: "s1" }), true),
  c("segment exited: another segment", { type: "segment.exited", segmentId: "s1" }, internal("segment.exited", { segmentId: "s2" }), false),
];

describe("matchesTrigger", () => {
  it.each(cases)("$why", ({ trigger, event: e, fires }) => {
    expect(matchesTrigger(trigger, e, now)).toBe(fires);
  });

  it("covers every trigger type fired by events", () => {
    const covered = new Set(cases.filter((x) => x.fires).map((x) => x.trigger.type));
    const firedByEvents = Trigger.options.map((o) => o.shape.type.value).filter((type) => !NOT_BY_EVENTS.includes(type));
    expect([...covered].sort()).toEqual(firedByEvents.sort());
  });

  it("finds every matching event under one of the trigger's keys", () => {
    for (const { trigger, event: e } of cases.filter((x) => x.fires)) expect(triggerKeys(trigger)).toContain(eventKey(e));
  });

  it("does not fire a trigger for an event outside its keys, whatever its properties", () => {
    for (const { trigger, event: e } of cases.filter((x) => !triggerKeys(x.trigger).includes(eventKey(x.event)))) {
      expect(matchesTrigger(trigger, e, now)).toBe(false);
    }
  });

  it("keeps a long URL against a many-star glob fast enough to answer at all", () => {
    const trigger = Trigger.parse(pricing("matches", `${"*a".repeat(30)}*b`));
    expect(matchesTrigger(trigger, page("a".repeat(2000)), now)).toBe(false);
  });
});

const NOT_BY_EVENTS = ["date.due", "schedule", "api"];

describe("triggers no stored event fires", () => {
  const triggers: unknown[] = [
    { type: "date.due", property: "trial_end", offset: { amount: -3, unit: "days" }, at: "10:00" },
    { type: "schedule", cron: "0 9 * * 1", timezone: "Europe/Paris", segmentId: "s1" },
    { type: "api" },
  ];
  it.each(triggers.map((t) => [(t as { type: string }).type, Trigger.parse(t)] as const))("%s has no keys and matches nothing", (_, trigger) => {
    expect(triggerKeys(trigger)).toEqual([]);
    for (const e of cases.map((x) => x.event)) expect(matchesTrigger(trigger, e, now)).toBe(false);
  });
});

describe("eventKey", () => {
  it.each([
    [internal("tag.added"), "internal:tag.added"],
    [track("Signed Up"), "track:Signed Up"],
    [page("https://acme.com"), "page"],
    [event("page", null), "page"],
    [event("screen", "Home"), "screen"],
    [event("identify", null), "identify"],
  ])("%o is found under %s", (e, key) => {
    expect(eventKey(e)).toBe(key);
  });
});
