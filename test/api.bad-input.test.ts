import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/api/index.js";
import type { Database } from "../src/store/index.js";
import { dialects, startTestApp, type TestApp, type TestResponse } from "./support/harness.js";

/**
 * Every kind of bad input gets a 4xx application/problem+json naming the field, and writes
 * nothing: each test counts the rows of every table before and after.
 */
describe.each(dialects)("bad input on %s", (dialect) => {
  let t: TestApp;
  let contactId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const res = await t.request("POST", "/api/v1/contacts", { body: { email: "known@example.com", properties: { employees: 40, plan: "free" } } });
    contactId = res.body.id;
  });
  afterAll(async () => t?.close());

  const tables: (keyof Database)[] = ["contacts", "events", "anonymous_ids", "contact_tags", "list_members", "lists", "users", "property_definitions", "api_keys"];
  async function rowCounts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of tables) {
      const { n } = await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      out[table] = Number(n);
    }
    return out;
  }

  /** Sends `send()` and checks the problem it gets back, and that no table changed. */
  async function expectRejected(send: () => Promise<TestResponse>, status: number, fields: (string | RegExp)[] = []): Promise<TestResponse> {
    const before = await rowCounts();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    if (fields.length) expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(fields.map((f) => (typeof f === "string" ? f : expect.stringMatching(f))));
    expect(await rowCounts()).toEqual(before);
    return res;
  }
  /** Body fields named by schema validation may carry a `body.` prefix. */
  const body = (field: string) => new RegExp(`^(body\\.)?${field.replace(/\./g, "\\.")}$`);

  it("invalid JSON body", async () => {
    const res = await expectRejected(
      () => t.request("POST", "/api/v1/contacts", { body: '{"email": "a@example.com",', headers: { "content-type": "application/json" } }),
      400,
    );
    expect(res.body.detail).toContain("not valid JSON");
  });

  it("wrong type for a field", async () => {
    await expectRejected(() => t.request("POST", "/api/v1/contacts", { body: { email: "typed@example.com", score: "high" } }), 400, [body("score")]);
  });

  it("a property value of the wrong recorded type", async () => {
    const res = await expectRejected(() => t.request("PATCH", `/api/v1/contacts/${contactId}`, { body: { properties: { plan: "pro", employees: "many" } } }), 400, [
      "properties.employees",
    ]);
    expect(res.body.errors[0].message).toContain("must be a number");
    expect((await t.request("GET", `/api/v1/contacts/${contactId}`)).body.properties.plan).toBe("free");
  });

  it("unknown key", async () => {
    await expectRejected(() => t.request("POST", "/api/v1/contacts", { body: { email: "k@example.com" }, auth: "pc_sk_not-a-real-key" }), 401);
  });

  it("revoked key", async () => {
    const { body: key } = await t.request("POST", "/api/v1/keys", { body: { kind: "secret" } });
    await t.request("DELETE", `/api/v1/keys/${key.id}`);
    await expectRejected(() => t.request("POST", "/api/v1/contacts", { body: { email: "revoked@example.com" }, auth: key.key }), 401);
  });

  it("write key on /api/v1", async () => {
    await expectRejected(() => t.request("POST", "/api/v1/contacts", { body: { email: "wk@example.com" }, auth: t.writeKey }), 403);
  });

  it("oversized body", async () => {
    const small = await createApp({ ...t.deps, config: { ...t.deps.config, bodyLimit: 1024 } });
    try {
      const send = async (): Promise<TestResponse> => {
        const res = await small.inject({
          method: "POST",
          url: "/api/v1/contacts",
          headers: { authorization: `Bearer ${t.secretKey}`, "content-type": "application/json" },
          payload: JSON.stringify({ email: "big@example.com", properties: { notes: "x".repeat(2000) } }),
        });
        return { status: res.statusCode, body: JSON.parse(res.body), text: res.body, headers: res.headers };
      };
      await expectRejected(send, 413);
    } finally {
      await small.close();
    }
  });

  it("malformed email", async () => {
    await expectRejected(() => t.request("POST", "/api/v1/contacts", { body: { email: "not-an-email", tags: ["x"] } }), 400, ["email"]);
  });

  it("unknown top-level field", async () => {
    const res = await expectRejected(() => t.request("POST", "/api/v1/contacts", { body: { email: "u@example.com", favouriteColour: "blue" } }), 400, [
      body("favouriteColour"),
    ]);
    expect(res.body.errors[0].message).toBe("is not a known field");
  });

  it("unknown lifecycle stage", async () => {
    await expectRejected(() => t.request("POST", "/api/v1/contacts", { body: { email: "stage@example.com", lifecycleStage: "whale" } }), 400, ["lifecycleStage"]);
  });

  it("unknown list id", async () => {
    await expectRejected(() => t.request("POST", "/api/v1/lists/no-such-list/members", { body: { contactIds: [contactId] } }), 404);
  });

  it("unknown contact ids in a list call", async () => {
    const { body: list } = await t.request("POST", "/api/v1/lists", { body: { name: "Bad members" } });
    await expectRejected(() => t.request("POST", `/api/v1/lists/${list.id}/members`, { body: { contactIds: [contactId, "ghost"] } }), 400, ["contactIds.1"]);
  });

  it("bad time zone, after other valid changes in the same call", async () => {
    await expectRejected(
      () => t.request("PATCH", `/api/v1/contacts/${contactId}`, { body: { properties: { plan: "team" }, score: 9, timezone: "Atlantis/Capital" } }),
      400,
      ["timezone"],
    );
    expect((await t.request("GET", `/api/v1/contacts/${contactId}`)).body).toMatchObject({ properties: { plan: "free" }, score: 0, timezone: null });
  });

  it("bad cursor", async () => {
    await expectRejected(() => t.request("GET", "/api/v1/contacts?cursor=not-a-cursor"), 400, ["query.cursor"]);
    await expectRejected(() => t.request("GET", `/api/v1/contacts/${contactId}/timeline?cursor=not-a-cursor`), 400, ["query.cursor"]);
  });

  it("unknown owner", async () => {
    await expectRejected(() => t.request("POST", "/api/v1/contacts", { body: { email: "owned@example.com", ownerId: "nobody" } }), 400, ["ownerId"]);
  });

  it("several bad fields are all reported at once", async () => {
    const schema = await expectRejected(
      () => t.request("POST", "/api/v1/contacts", { body: { score: "high", timezone: 5, tags: "vip", shoeSize: 44 } }),
      400,
    );
    expect(schema.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining([expect.stringMatching(body("score")), expect.stringMatching(body("timezone")), expect.stringMatching(body("tags")), expect.stringMatching(body("shoeSize"))]),
    );
    const properties = await expectRejected(
      () => t.request("PATCH", `/api/v1/contacts/${contactId}`, { body: { properties: { employees: "many", plan: 3, "bad name!": 1 } } }),
      400,
    );
    expect(properties.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["properties.bad name!", "properties.employees", "properties.plan"]);
  });
});
