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
    "/api/v1/topics": ["get", "post"],
    "/api/v1/topics/{id}": ["delete", "get", "patch"],
    "/api/v1/contacts/{id}/topics": ["get", "put"],
    "/api/v1/suppressions": ["get", "post"],
    "/api/v1/suppressions/{email}": ["delete"],
    "/api/v1/email-webhook": ["get"],
    "/api/v1/email-webhook/rotate": ["post"],
  };

  it("documents the unsubscribe links (no key) and the email webhooks (their own credentials)", async () => {
    const paths = (await t.request("GET", "/docs/json", { auth: null })).body.paths;
    expect(Object.keys(paths["/u/{token}"]).sort()).toEqual(["get", "post"]);
    expect(paths["/u/{token}"].post.security).toBeUndefined();
    expect(Object.keys(paths["/u/{token}/preferences"])).toEqual(["post"]);
    for (const provider of ["generic", "postmark"]) expect(paths[`/webhooks/email/${provider}`].post.security).toEqual([{ emailWebhook: [] }]);
  });

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
