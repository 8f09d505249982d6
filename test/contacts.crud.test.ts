import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("contacts CRUD on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it("creates a contact with typed properties, tags and a stage, and reads it back", async () => {
    const created = await t.request("POST", "/api/v1/contacts", {
      body: { email: "Ada@Example.com", externalId: "u-1", properties: { company: "Acme", employees: 40, trial_end: "2026-02-01" }, tags: ["vip"], lifecycleStage: "lead" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: "ada@example.com",
      externalId: "u-1",
      properties: { company: "Acme", employees: 40, trial_end: "2026-02-01T00:00:00.000Z" },
      tags: ["vip"],
      lifecycleStage: "lead",
      score: 0,
    });
    const read = await t.request("GET", `/api/v1/contacts/${created.body.id}`);
    expect(read.body).toEqual(created.body);
  });

  it("rejects a value of the wrong type for a known property, naming the field", async () => {
    const res = await t.request("POST", "/api/v1/contacts", { body: { properties: { employees: "many" } } });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body.errors).toEqual([{ field: "properties.employees", message: expect.stringContaining("must be a number") }]);
  });

  it("refuses a second contact with the same email", async () => {
    await t.request("POST", "/api/v1/contacts", { body: { email: "dup@example.com" } });
    const res = await t.request("POST", "/api/v1/contacts", { body: { email: "DUP@example.com" } });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].field).toBe("email");
  });

  it("updates, clears, and erases a contact", async () => {
    const { body: c } = await t.request("POST", "/api/v1/contacts", { body: { email: "bob@example.com", properties: { plan: "free" } } });
    const patched = await t.request("PATCH", `/api/v1/contacts/${c.id}`, { body: { properties: { plan: null, seats: 3 }, timezone: "Europe/Paris" } });
    expect(patched.status).toBe(200);
    expect(patched.body.properties).toEqual({ seats: 3 });
    expect(patched.body.timezone).toBe("Europe/Paris");
    expect((await t.request("DELETE", `/api/v1/contacts/${c.id}`)).status).toBe(204);
    expect((await t.request("GET", `/api/v1/contacts/${c.id}`)).status).toBe(404);
  });

  it("requires a secret key", async () => {
    expect((await t.request("GET", "/api/v1/contacts", { auth: null })).status).toBe(401);
    expect((await t.request("GET", "/api/v1/contacts", { auth: t.writeKey })).status).toBe(403);
    expect((await t.request("GET", "/api/v1/contacts", { auth: "pc_sk_nope" })).status).toBe(401);
  });

  it("lists with filters and cursor pagination", async () => {
    for (let i = 0; i < 5; i++) await t.request("POST", "/api/v1/contacts", { body: { email: `page${i}@list.test`, tags: ["paged"] } });
    const first = await t.request("GET", "/api/v1/contacts?tag=paged&limit=2");
    expect(first.body.data.map((c: { email: string }) => c.email)).toEqual(["page0@list.test", "page1@list.test"]);
    const second = await t.request("GET", `/api/v1/contacts?tag=paged&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((c: { email: string }) => c.email)).toEqual(["page2@list.test", "page3@list.test"]);
    const third = await t.request("GET", `/api/v1/contacts?tag=paged&limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.data).toHaveLength(1);
    expect(third.body.nextCursor).toBeNull();
  });
});
