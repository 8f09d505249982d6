import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

/** Tags every contact that becomes an SQL, whatever made it one. */
const onSql = {
  version: 1,
  triggers: [{ type: "lifecycle.changed", to: "sql" }],
  start: "tag",
  nodes: [
    { id: "tag", type: "action", action: { kind: "add_tag", tag: "sales-accepted" }, next: "done" },
    { id: "done", type: "end" },
  ],
};

describe.each(dialects)("the inbound CRM endpoint on %s", (dialect) => {
  let t: TestApp;
  let rep: { id: string; email: string };
  beforeAll(async () => {
    t = await startTestApp(dialect);
    rep = (await t.request("POST", "/api/v1/users", { body: { email: "rita@sales.test", name: "Rita Rep" } })).body;
    const wf = await t.request("POST", "/api/v1/workflows", { body: { name: "On SQL", definition: onSql } });
    expect((await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`)).status).toBe(200);
  });
  afterAll(async () => t?.close());

  const sync = (body: unknown, headers: Record<string, string> = {}) => t.request("POST", "/api/v1/crm/contacts", { body, headers });
  const timeline = async (id: string) => (await t.request("GET", `/api/v1/contacts/${id}/timeline`)).body.data as { name: string; properties: any }[];
  const advance = () => t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });

  it("moves a known contact to SQL and gives it to a rep named by email, with the usual events, and workflows react", async () => {
    const ada = (await t.request("POST", "/api/v1/contacts", { body: { email: "ada@acme.test", lifecycleStage: "mql" } })).body;
    const res = await sync({ email: "ADA@acme.test", lifecycleStage: "sql", owner: { email: "rita@sales.test" }, properties: { crm_deal: "D-42", employees: 250 } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ created: false, replayed: false, changes: ["property.changed", "lifecycle.changed", "owner.changed"] });
    expect(res.body.contact).toMatchObject({ id: ada.id, lifecycleStage: "sql", ownerId: rep.id, properties: { crm_deal: "D-42", employees: 250 } });

    const events = await timeline(ada.id);
    expect(events.find((e) => e.name === "lifecycle.changed")?.properties).toMatchObject({ from: "mql", to: "sql", cause: "crm" });
    expect(events.find((e) => e.name === "owner.changed")?.properties).toEqual({ from: null, to: rep.id });
    expect(events.find((e) => e.name === "crm.synced")?.properties).toEqual({ changes: ["property.changed", "lifecycle.changed", "owner.changed"] });

    // The workflow listening for SQLs ran, exactly as if someone had set the stage in the UI.
    await advance();
    expect((await t.request("GET", `/api/v1/contacts/${ada.id}`)).body.tags).toEqual(["sales-accepted"]);
  });

  it("finds a contact by its external id first, creating it the first time, and links the CRM's email to it", async () => {
    const first = await sync({ externalId: "crm-001", email: "bob@old.test", properties: { plan: "pro" }, tags: { add: ["from-crm"] } });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ created: true, changes: ["contact.created", "tag.added"] });
    expect(first.body.contact).toMatchObject({ externalId: "crm-001", email: "bob@old.test", properties: { plan: "pro" }, tags: ["from-crm"] });

    // The CRM later has a new address for the same person: found by externalId, the email follows.
    const moved = await sync({ externalId: "crm-001", email: "bob@new.test", owner: { userId: rep.id }, tags: { remove: ["from-crm"] } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ created: false, changes: ["email.changed", "owner.changed", "tag.removed"] });
    expect(moved.body.contact).toMatchObject({ id: first.body.contact.id, email: "bob@new.test", ownerId: rep.id, tags: [] });

    const unknown = await sync({ externalId: "crm-404", createIfMissing: false });
    expect(unknown.status).toBe(404);
  });

  it("is idempotent: the same update again changes nothing, and a repeated Idempotency-Key is answered as a replay", async () => {
    const body = { email: "cleo@idem.test", lifecycleStage: "lead", properties: { score_crm: 3 } };
    const created = await sync(body);
    expect(created.status).toBe(201);
    const again = await sync(body);
    expect(again.body).toMatchObject({ created: false, changes: [], replayed: false });
    const id = created.body.contact.id;
    const count = (await timeline(id)).length;

    const keyed = await sync({ email: "cleo@idem.test", lifecycleStage: "mql" }, { "idempotency-key": "sync-77" });
    expect(keyed.body).toMatchObject({ changes: ["lifecycle.changed"], replayed: false });
    const replay = await sync({ email: "cleo@idem.test", lifecycleStage: "customer" }, { "idempotency-key": "sync-77" });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ changes: [], replayed: true, contact: { lifecycleStage: "mql" } });
    // Only the keyed update's two events were added: the repeat of the body and the replay logged nothing.
    expect((await timeline(id)).length).toBe(count + 2);
  });

  it("refuses bad input with a problem naming the field, and changes nothing", async () => {
    const cases: [unknown, string][] = [
      [{ lifecycleStage: "sql" }, "email"],
      [{ email: "not-an-email" }, "email"],
      [{ email: "dan@bad.test", lifecycleStage: "zombie" }, "lifecycleStage"],
      [{ email: "dan@bad.test", owner: { email: "nobody@sales.test" } }, "owner.email"],
      [{ email: "dan@bad.test", owner: { userId: "no-such-user" } }, "owner.userId"],
      [{ email: "dan@bad.test", stage: "sql" }, "stage"],
    ];
    for (const [body, field] of cases) {
      const res = await sync(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.body.errors.map((e: { field: string }) => e.field), JSON.stringify(body)).toContain(field);
    }
    expect((await t.request("GET", "/api/v1/contacts/lookup?email=dan%40bad.test")).status).toBe(404);
    expect((await t.request("POST", "/api/v1/crm/contacts", { body: { email: "x@y.test" }, auth: null })).status).toBe(401);
  });
});
