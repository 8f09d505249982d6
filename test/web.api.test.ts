import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, createApi, withQuery } from "../web/src/api.js";

const json = (status: number, body: unknown, type = "application/json") => new Response(JSON.stringify(body), { status, headers: { "content-type": type } });

describe("web UI API client", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends the session cookie (same origin) and the CSRF header, and returns the parsed body", async () => {
    const fetch = vi.fn(async () => json(200, { data: [], nextCursor: null }));
    vi.stubGlobal("fetch", fetch);
    await expect(createApi().get("/api/v1/contacts")).resolves.toEqual({ data: [], nextCursor: null });
    expect(fetch).toHaveBeenCalledWith("/api/v1/contacts", { method: "GET", credentials: "same-origin", headers: { accept: "application/json", "x-parcours-csrf": "1" } });
  });

  it("posts JSON, and resolves a 204 to undefined", async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal("fetch", fetch);
    await expect(createApi().post("/api/v1/auth/login", { email: "a@example.com", password: "pw" })).resolves.toBeUndefined();
    expect(fetch).toHaveBeenCalledWith("/api/v1/auth/login", {
      method: "POST",
      credentials: "same-origin",
      headers: { accept: "application/json", "x-parcours-csrf": "1", "content-type": "application/json" },
      body: '{"email":"a@example.com","password":"pw"}',
    });
  });

  it("turns a problem+json answer into an error carrying the status, the server's detail and the bad fields", async () => {
    vi.stubGlobal("fetch", async () => json(401, { title: "Unauthorized", status: 401, detail: "wrong email or password" }, "application/problem+json"));
    const failure = createApi().get("/api/v1/contacts");
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 401, message: "wrong email or password", fields: [] });
    const errors = [{ field: "password", message: "must be at least 10 characters long" }];
    vi.stubGlobal("fetch", async () => json(400, { title: "Invalid input", status: 400, detail: "password: must be at least 10 characters long", errors }, "application/problem+json"));
    await expect(createApi().post("/api/v1/auth/setup", {})).rejects.toMatchObject({ status: 400, fields: errors });
  });

  it("falls back to the status line when the answer is not a problem document", async () => {
    vi.stubGlobal("fetch", async () => new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    await expect(createApi().get("/healthz")).rejects.toMatchObject({ status: 502, message: "502 Bad Gateway" });
  });

  it("reports an unreachable server as status 0", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    await expect(createApi().get("/api/v1/contacts")).rejects.toMatchObject({ status: 0, message: "the server cannot be reached" });
  });

  it("builds query strings without empty search terms or missing cursors", () => {
    expect(withQuery("/api/v1/contacts", { limit: 50, q: "", cursor: undefined })).toBe("/api/v1/contacts?limit=50");
    expect(withQuery("/api/v1/contacts", { limit: 50, q: "ada@example.com", cursor: "abc" })).toBe("/api/v1/contacts?limit=50&q=ada%40example.com&cursor=abc");
    expect(withQuery("/healthz", {})).toBe("/healthz");
  });
});
