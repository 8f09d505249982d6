import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

/** Every REST route appears in the OpenAPI document, with a summary and its security. */
describe.each(dialects)("OpenAPI document on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const expected: Record<string, string[]> = {
    "/api/v1/users": ["get", "post"],
    "/api/v1/users/{id}": ["delete", "get", "patch"],
    "/api/v1/contacts/{id}/tags": ["post"],
    "/api/v1/contacts/{id}/tags/{tag}": ["delete"],
    "/api/v1/tags": ["get"],
    "/api/v1/lists": ["get", "post"],
    "/api/v1/lists/{id}": ["delete", "get", "patch"],
    "/api/v1/lists/{id}/members": ["get", "post"],
    "/api/v1/lists/{id}/members/{contactId}": ["delete"],
    "/api/v1/contacts/{id}/lists": ["get"],
    "/api/v1/contacts/{id}/timeline": ["get"],
    "/api/v1/contacts/{id}/export": ["get"],
    "/api/v1/workspace": ["get"],
    "/api/v1/workspace/lifecycle-stages": ["put"],
    "/api/v1/keys": ["get", "post"],
    "/api/v1/keys/{id}": ["delete"],
  };

  it("lists every /api/v1 path with its methods, each summarised and secured", async () => {
    const res = await t.request("GET", "/docs/json", { auth: null });
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { summary?: string; security?: unknown[] }>>;
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(paths[path] ?? {}).sort(), path).toEqual(expect.arrayContaining(methods));
      for (const m of methods) {
        expect(paths[path]![m]!.summary, `${m} ${path}`).toBeTruthy();
        expect(paths[path]![m]!.security, `${m} ${path}`).toEqual([{ secretKey: [] }]);
      }
    }
  });
});
