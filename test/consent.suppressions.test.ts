import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("suppression list on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  async function events(id: string, name: string): Promise<Record<string, unknown>[]> {
    return (await t.request("GET", `/api/v1/contacts/${id}/timeline?name=${name}`)).body.data.map((e: { properties: unknown }) => e.properties);
  }

  it("adds an address once per reason, logging contact.suppressed on its contact", async () => {
    const { body: c } = await t.request("POST", "/api/v1/contacts", { body: { email: "ada@example.com" } });
    const added = await t.request("POST", "/api/v1/suppressions", { body: { email: " Ada@Example.com", reason: "manual", detail: { note: "asked by phone" } } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ email: "ada@example.com", reason: "manual", detail: { note: "asked by phone" }, source: "api", createdAt: "2026-01-05T09:00:00.000Z" });
    const again = await t.request("POST", "/api/v1/suppressions", { body: { email: "ada@example.com", reason: "manual" } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(added.body);
    await t.request("POST", "/api/v1/suppressions", { body: { email: "ada@example.com", reason: "complaint" } });
    expect(await events(c.id, "contact.suppressed")).toEqual([
      { email: "ada@example.com", reason: "complaint", source: "api" },
      { email: "ada@example.com", reason: "manual", source: "api" },
    ]);
  });

  it("suppresses addresses without a contact, and defaults to manual", async () => {
    const res = await t.request("POST", "/api/v1/suppressions", { body: { email: "stranger@example.com" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: "stranger@example.com", reason: "manual", detail: null });
  });

  it("lists newest first, filtered by address or reason, page by page", async () => {
    for (const email of ["p1@example.com", "p2@example.com", "p3@example.com"]) await t.request("POST", "/api/v1/suppressions", { body: { email, reason: "hard_bounce" } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request("GET", `/api/v1/suppressions?reason=hard_bounce&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((s: { email: string }) => s.email));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["p3@example.com", "p2@example.com", "p1@example.com"]);
    const one = await t.request("GET", "/api/v1/suppressions?email=ADA@example.com");
    expect(one.body.data.map((s: { reason: string }) => s.reason).sort()).toEqual(["complaint", "manual"]);
  });

  it("lifts one reason or all of them, logging contact.unsuppressed", async () => {
    const { body: c } = await t.request("POST", "/api/v1/contacts", { body: { email: "lift@example.com" } });
    for (const reason of ["hard_bounce", "complaint", "manual"]) await t.request("POST", "/api/v1/suppressions", { body: { email: "lift@example.com", reason } });
    expect((await t.request("DELETE", "/api/v1/suppressions/lift@example.com?reason=hard_bounce")).status).toBe(204);
    expect((await t.request("GET", "/api/v1/suppressions?email=lift@example.com")).body.data.map((s: { reason: string }) => s.reason).sort()).toEqual(["complaint", "manual"]);
    expect((await t.request("DELETE", "/api/v1/suppressions/LIFT@example.com")).status).toBe(204);
    expect((await t.request("GET", "/api/v1/suppressions?email=lift@example.com")).body.data).toEqual([]);
    expect(await events(c.id, "contact.unsuppressed")).toEqual([
      { email: "lift@example.com", reasons: ["complaint", "manual"] },
      { email: "lift@example.com", reasons: ["hard_bounce"] },
    ]);
    expect((await t.request("DELETE", "/api/v1/suppressions/lift@example.com")).status).toBe(404);
  });

  it("names bad fields", async () => {
    const bad = await t.request("POST", "/api/v1/suppressions", { body: { email: "not an address" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: "email", message: expect.stringContaining("not a valid email address") }]);
    expect((await t.request("POST", "/api/v1/suppressions", { body: { email: "a@example.com", reason: "soft_bounce" } })).body.errors[0].field).toBe("reason");
    expect((await t.request("GET", "/api/v1/suppressions?reason=nope")).body.errors[0].field).toBe("query.reason");
    expect((await t.request("DELETE", "/api/v1/suppressions/nope")).body.errors[0].field).toBe("params.email");
  });
});
