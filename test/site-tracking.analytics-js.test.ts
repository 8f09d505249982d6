import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const SITE = "https://shop.acme.test";

/**
 * What Segment's analytics.js (@segment/analytics-next) sends when pointed at Parcours: each
 * call to the initial of its type (/v1/p, /v1/t, /v1/i…) or, batching, to /v1/b; text/plain
 * JSON with the write key in the body, its context and _metadata, an `ajs-next-` messageId.
 */
function ajsEvent(writeKey: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    anonymousId: "ajs-anon-1",
    integrations: {},
    context: {
      page: { path: "/pricing", referrer: "https://search.test/", search: "?utm_source=ads", title: "Pricing", url: `${SITE}/pricing?utm_source=ads` },
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0",
      userAgentData: { brands: [{ brand: "Chromium", version: "126" }], mobile: false, platform: "Linux" },
      locale: "fr-FR",
      library: { name: "analytics.js", version: "next-1.72.0" },
      campaign: { source: "ads" },
    },
    messageId: `ajs-next-${Math.random().toString(16).slice(2)}`,
    timestamp: "2026-01-05T08:59:58.000Z",
    writeKey,
    userId: null,
    sentAt: "2026-01-05T08:59:59.000Z",
    _metadata: { bundled: ["Segment.io"], unbundled: [], bundledIds: [] },
    ...fields,
  };
}

describe.each(dialects)("Segment's analytics.js pointed at Parcours on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    await t.request("PUT", "/api/v1/site-tracking", { body: { allowedOrigins: [SITE] } });
  });
  afterAll(async () => t?.close());

  const post = (path: string, body: unknown) =>
    t.request("POST", `/v1/${path}`, { body: JSON.stringify(body), auth: null, headers: { "content-type": "text/plain", origin: SITE } });

  it("serves the settings analytics.js loads from cdnURL, sending its calls here", async () => {
    const res = await t.request("GET", `/v1/projects/${t.writeKey}/settings`, { auth: null, headers: { origin: SITE } });
    expect(res.status).toBe(200);
    const base = new URL(t.deps.config.baseUrl);
    expect(res.body.integrations["Segment.io"]).toEqual({ apiKey: t.writeKey, apiHost: `${base.host}/v1`, protocol: "http" });
    expect(res.body.metrics).toEqual({ sampleRate: 0 });
    expect((await t.request("GET", "/v1/projects/pc_wk_nope/settings", { auth: null })).status).toBe(401);
  });

  it("accepts page, track and identify at /v1/p, /v1/t and /v1/i with the key in the body, and batches at /v1/b", async () => {
    const page = await post("p", ajsEvent(t.writeKey, { type: "page", properties: { path: "/pricing", url: `${SITE}/pricing?utm_source=ads`, title: "Pricing", referrer: "", search: "?utm_source=ads" } }));
    expect(page.status).toBe(200);
    expect(page.headers["access-control-allow-origin"]).toBe(SITE);
    expect((await post("t", ajsEvent(t.writeKey, { type: "track", event: "Plan Selected", properties: { plan: "pro" } }))).status).toBe(200);
    const batch = await post("b", {
      writeKey: t.writeKey,
      sentAt: "2026-01-05T09:00:00.000Z",
      batch: [
        ajsEvent(t.writeKey, { type: "track", event: "Checkout Started", properties: { total: 49 } }),
        ajsEvent(t.writeKey, { type: "identify", userId: "ajs-user-1", traits: { email: "nina@acme.test", plan: "pro" } }),
      ].map(({ sentAt: _dropped, ...event }) => event),
    });
    expect(batch.status).toBe(200);

    const nina = await t.request("GET", "/api/v1/contacts/lookup?email=nina%40acme.test");
    expect(nina.body).toMatchObject({ externalId: "ajs-user-1", properties: { plan: "pro" } });
    const events = (await t.request("GET", `/api/v1/contacts/${nina.body.id}/timeline?limit=50`)).body.data as { kind: string; name: string | null }[];
    expect(events.filter((e) => e.kind !== "internal").map((e) => `${e.kind} ${e.name}`).sort()).toEqual(["identify null", "page null", "track Checkout Started", "track Plan Selected"]);

    const wrongKey = await post("i", ajsEvent("pc_wk_unknown", { type: "identify", traits: {} }));
    expect(wrongKey.status).toBe(401);
  });
});
