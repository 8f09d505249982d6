import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("the property registry on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it("lists each contact property with the type its first value recorded, by name", async () => {
    expect((await t.request("GET", "/api/v1/properties")).body).toEqual({ data: [] });
    const created = await t.request("POST", "/api/v1/contacts", {
      body: { email: "ada@props.example", properties: { plan: "pro", seats: 12, trial: true, trial_end: "2026-06-01" } },
    });
    expect(created.status).toBe(201);
    // A later value of another type does not change the recorded one (it is refused).
    expect((await t.request("POST", "/api/v1/contacts", { body: { email: "bob@props.example", properties: { seats: "many" } } })).status).toBe(400);

    const res = await t.request("GET", "/api/v1/properties");
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: { name: string; type: string }) => [p.name, p.type])).toEqual([
      ["plan", "string"],
      ["seats", "number"],
      ["trial", "boolean"],
      ["trial_end", "date"],
    ]);
    expect(res.body.data[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("needs a key or a session", async () => {
    expect((await t.request("GET", "/api/v1/properties", { auth: null })).status).toBe(401);
  });
});
