import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, findOrCreateWorkspace } from "../src/workspaces/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("API keys on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it("creates a key that is shown once and works at once", async () => {
    const res = await t.request("POST", "/api/v1/keys", { body: { kind: "secret", name: "CRM sync" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: "secret", name: "CRM sync", revokedAt: null, createdAt: "2026-01-05T09:00:00.000Z" });
    expect(res.body.key).toMatch(/^pc_sk_/);
    expect(res.body.key.startsWith(res.body.prefix)).toBe(true);
    expect((await t.request("GET", "/api/v1/contacts", { auth: res.body.key })).status).toBe(200);
  });

  it("lists keys without their secrets", async () => {
    const { body: made } = await t.request("POST", "/api/v1/keys", { body: { kind: "write" } });
    const res = await t.request("GET", "/api/v1/keys");
    expect(res.status).toBe(200);
    const listed = res.body.data.find((k: { id: string }) => k.id === made.id);
    expect(listed).toEqual({ id: made.id, kind: "write", prefix: made.prefix, name: null, createdAt: made.createdAt, revokedAt: null });
    expect(res.text).not.toContain(made.key);
    for (const k of res.body.data) expect(Object.keys(k).sort()).toEqual(["createdAt", "id", "kind", "name", "prefix", "revokedAt"]);
  });

  it("revokes a key: it gets 401 from then on and is listed as revoked", async () => {
    const { body: made } = await t.request("POST", "/api/v1/keys", { body: { kind: "secret", name: "leaked" } });
    t.clock.advance(60_000);
    expect((await t.request("DELETE", `/api/v1/keys/${made.id}`)).status).toBe(204);
    const refused = await t.request("GET", "/api/v1/contacts", { auth: made.key });
    expect(refused.status).toBe(401);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    const listed = (await t.request("GET", "/api/v1/keys")).body.data.find((k: { id: string }) => k.id === made.id);
    expect(listed.revokedAt).toBe(new Date(t.clock.now()).toISOString());
    expect((await t.request("DELETE", `/api/v1/keys/${made.id}`)).status).toBe(404);
  });

  it("refuses an unknown kind and keys of another workspace stay unknown", async () => {
    const res = await t.request("POST", "/api/v1/keys", { body: { kind: "admin" } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toMatch(/^(body\.)?kind$/);
    expect((await t.request("DELETE", "/api/v1/keys/not-a-key")).status).toBe(404);
    const other = await findOrCreateWorkspace(t.deps, "other-team");
    const foreign = await createApiKey(t.deps, other.id, "secret");
    expect((await t.request("DELETE", `/api/v1/keys/${foreign.id}`)).status).toBe(404);
    expect((await t.request("GET", "/api/v1/keys")).body.data.map((k: { id: string }) => k.id)).not.toContain(foreign.id);
    expect((await t.request("GET", "/api/v1/workspace", { auth: foreign.key })).body.name).toBe("other-team");
  });
});
