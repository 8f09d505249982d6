import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, createApi, withQuery } from "../web/src/api.js";

const json = (status: number, body: unknown, type = "application/json") => new Response(JSON.stringify(body), { status, headers: { "content-type": type } });

describe("web UI API client", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends the secret key as a Bearer token and returns the parsed body", async () => {
    const fetch = vi.fn(async () => json(200, { data: [], nextCursor: null }));
    vi.stubGlobal("fetch", fetch);
    await expect(createApi("pc_sk_test").get("/api/v1/contacts")).resolves.toEqual({ data: [], nextCursor: null });
    expect(fetch).toHaveBeenCalledWith("/api/v1/contacts", { headers: { authorization: "Bearer pc_sk_test", accept: "application/json" } });
  });

  it("turns a problem+json answer into an error carrying the status and the server's detail", async () => {
    vi.stubGlobal("fetch", async () => json(401, { title: "Unauthorized", status: 401, detail: "unknown or revoked API key" }, "application/problem+json"));
    const failure = createApi("pc_sk_revoked").get("/api/v1/contacts");
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 401, message: "unknown or revoked API key" });
  });

  it("falls back to the status line when the answer is not a problem document", async () => {
    vi.stubGlobal("fetch", async () => new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    await expect(createApi("k").get("/healthz")).rejects.toMatchObject({ status: 502, message: "502 Bad Gateway" });
  });

  it("reports an unreachable server as status 0", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    await expect(createApi("k").get("/api/v1/contacts")).rejects.toMatchObject({ status: 0, message: "the server cannot be reached" });
  });

  it("builds query strings without empty search terms or missing cursors", () => {
    expect(withQuery("/api/v1/contacts", { limit: 50, q: "", cursor: undefined })).toBe("/api/v1/contacts?limit=50");
    expect(withQuery("/api/v1/contacts", { limit: 50, q: "ada@example.com", cursor: "abc" })).toBe("/api/v1/contacts?limit=50&q=ada%40example.com&cursor=abc");
    expect(withQuery("/healthz", {})).toBe("/healthz");
  });
});
