import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("users on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it("creates, reads, lists, updates and deletes a user", async () => {
    const created = await t.request("POST", "/api/v1/users", { body: { email: "Rep@Example.com", name: "Rita Rep", role: "marketer" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: "rep@example.com", name: "Rita Rep", role: "marketer", createdAt: "2026-01-05T09:00:00.000Z" });
    const id = created.body.id;
    expect((await t.request("GET", `/api/v1/users/${id}`)).body).toEqual(created.body);
    const patched = await t.request("PATCH", `/api/v1/users/${id}`, { body: { role: "admin", name: null } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ role: "admin", name: null, email: "rep@example.com" });
    expect((await t.request("GET", "/api/v1/users")).body.data.map((u: { id: string }) => u.id)).toContain(id);
    expect((await t.request("DELETE", `/api/v1/users/${id}`)).status).toBe(204);
    expect((await t.request("GET", `/api/v1/users/${id}`)).status).toBe(404);
    expect((await t.request("DELETE", `/api/v1/users/${id}`)).status).toBe(404);
  });

  it("defaults the role to marketer", async () => {
    const res = await t.request("POST", "/api/v1/users", { body: { email: "plain@example.com" } });
    expect(res.body).toMatchObject({ role: "marketer", name: null });
  });

  it("keeps emails unique per workspace, on create and on update", async () => {
    await t.request("POST", "/api/v1/users", { body: { email: "taken@example.com" } });
    const dup = await t.request("POST", "/api/v1/users", { body: { email: "TAKEN@example.com" } });
    expect(dup.status).toBe(409);
    expect(dup.body.errors).toEqual([{ field: "email", message: expect.stringContaining("taken@example.com") }]);
    const { body: other } = await t.request("POST", "/api/v1/users", { body: { email: "other@example.com" } });
    const clash = await t.request("PATCH", `/api/v1/users/${other.id}`, { body: { email: "taken@example.com" } });
    expect(clash.status).toBe(409);
    expect((await t.request("PATCH", `/api/v1/users/${other.id}`, { body: { email: "OTHER@example.com" } })).status).toBe(200);
  });

  it("rejects a malformed email and an unknown role, naming the fields", async () => {
    const bad = await t.request("POST", "/api/v1/users", { body: { email: "not-an-email" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: "email", message: expect.stringContaining("not a valid email") }]);
    const role = await t.request("POST", "/api/v1/users", { body: { email: "r@example.com", role: "boss" } });
    expect(role.status).toBe(400);
    expect(role.body.errors[0].field).toMatch(/^(body\.)?role$/);
  });

  it("pages through users with a cursor", async () => {
    for (let i = 0; i < 3; i++) await t.request("POST", "/api/v1/users", { body: { email: `page${i}@users.test` } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request("GET", `/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((u: { email: string }) => u.email));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.filter((e) => e.endsWith("@users.test"))).toEqual(["page0@users.test", "page1@users.test", "page2@users.test"]);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
