import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("static lists on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it("creates, reads, renames and deletes a list", async () => {
    const created = await t.request("POST", "/api/v1/lists", { body: { name: "Webinar attendees", description: "March webinar" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Webinar attendees", description: "March webinar", memberCount: 0, createdAt: "2026-01-05T09:00:00.000Z" });
    const id = created.body.id;
    expect((await t.request("GET", `/api/v1/lists/${id}`)).body).toEqual(created.body);
    const patched = await t.request("PATCH", `/api/v1/lists/${id}`, { body: { name: "Webinar (March)", description: null } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Webinar (March)", description: null });
    expect((await t.request("DELETE", `/api/v1/lists/${id}`)).status).toBe(204);
    expect((await t.request("GET", `/api/v1/lists/${id}`)).status).toBe(404);
    expect((await t.request("PATCH", `/api/v1/lists/${id}`, { body: { name: "x" } })).status).toBe(404);
  });

  it("keeps list names unique in the workspace", async () => {
    await t.request("POST", "/api/v1/lists", { body: { name: "Newsletter" } });
    const dup = await t.request("POST", "/api/v1/lists", { body: { name: "Newsletter" } });
    expect(dup.status).toBe(409);
    expect(dup.body.errors).toEqual([{ field: "name", message: expect.stringContaining("Newsletter") }]);
    const { body: other } = await t.request("POST", "/api/v1/lists", { body: { name: "Other" } });
    expect((await t.request("PATCH", `/api/v1/lists/${other.id}`, { body: { name: "Newsletter" } })).status).toBe(409);
  });

  it("rejects an empty name", async () => {
    const res = await t.request("POST", "/api/v1/lists", { body: { name: "  " } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toMatch(/^(body\.)?name$/);
  });

  it("lists lists in creation order with member counts, page by page", async () => {
    const names = ["Page A", "Page B", "Page C"];
    const ids: string[] = [];
    for (const name of names) ids.push((await t.request("POST", "/api/v1/lists", { body: { name } })).body.id);
    const { body: c } = await t.request("POST", "/api/v1/contacts", { body: {} });
    await t.request("POST", `/api/v1/lists/${ids[1]}/members`, { body: { contactIds: [c.id] } });
    const seen: { name: string; memberCount: number }[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request("GET", `/api/v1/lists?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.filter((l) => l.name.startsWith("Page ")).map((l) => [l.name, l.memberCount])).toEqual([
      ["Page A", 0],
      ["Page B", 1],
      ["Page C", 0],
    ]);
  });
});
