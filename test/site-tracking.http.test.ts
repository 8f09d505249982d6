import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, findOrCreateWorkspace } from "../src/workspaces/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const SITE = "https://www.acme.test";
const TEXT = { "content-type": "text/plain" };
const HOUR = 3600_000;

type TimelineEvent = { kind: string; name: string | null; properties: Record<string, unknown> };

describe.each(dialects)("web tracking over HTTP on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    expect((await t.request("PUT", "/api/v1/site-tracking", { body: { allowedOrigins: [SITE, "http://localhost:8080"] } })).status).toBe(200);
  });
  afterAll(async () => t?.close());

  /** A call as the tracking script sends it: text/plain JSON with the write key in the body, from a page of the site. */
  const fromPage = (path: string, body: Record<string, unknown>, origin = SITE) =>
    t.request("POST", `/v1/${path}`, { body: JSON.stringify({ writeKey: t.writeKey, ...body }), auth: null, headers: { ...TEXT, origin } });
  const pageView = (anonymousId: string, url: string, origin = SITE) =>
    fromPage("page", { type: "page", anonymousId, name: "Page Viewed", properties: { url, path: new URL(url).pathname, title: "Acme" } }, origin);
  const lookup = (by: "anonymousId" | "email", value: string) => t.request("GET", `/api/v1/contacts/lookup?${by}=${encodeURIComponent(value)}`);
  const timeline = async (contactId: string) => (await t.request("GET", `/api/v1/contacts/${contactId}/timeline?limit=100`)).body.data as TimelineEvent[];
  const pagesOf = async (contactId: string) => (await timeline(contactId)).filter((e) => e.kind === "page").map((e) => e.properties.url);

  it("keeps the tracked sites' origins, checked and written as browsers send them, with the snippet to paste", async () => {
    const bad = await t.request("PUT", "/api/v1/site-tracking", { body: { allowedOrigins: ["https://www.acme.test/pricing"] } });
    expect(bad.status).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(bad.body.errors[0].field).toBe("allowedOrigins.0");
    const star = await t.request("PUT", "/api/v1/site-tracking", { body: { allowedOrigins: ["*", SITE] } });
    expect(star.body.errors[0].field).toBe("allowedOrigins");

    const saved = await t.request("PUT", "/api/v1/site-tracking", { body: { allowedOrigins: ["https://WWW.Acme.test:443", "http://localhost:8080"] } });
    expect(saved.body.allowedOrigins).toEqual(["http://localhost:8080", SITE]);
    const read = await t.request("GET", "/api/v1/site-tracking");
    expect(read.body).toEqual({
      allowedOrigins: ["http://localhost:8080", SITE],
      scriptUrl: `${t.deps.config.baseUrl}/t.js`,
      snippet: `<script async src="${t.deps.config.baseUrl}/t.js" data-key="YOUR_WRITE_KEY"></script>`,
    });
  });

  it("accepts the script's calls from a tracked site's pages, with CORS headers the page can read, and refuses other sites before storing", async () => {
    const preflight = await t.request("OPTIONS", "/v1/page", { auth: null, headers: { origin: SITE, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({ "access-control-allow-origin": SITE, "access-control-allow-methods": "GET, POST" });

    const ok = await pageView("cors-visitor", `${SITE}/`);
    expect(ok.status).toBe(200);
    expect(ok.headers).toMatchObject({ "access-control-allow-origin": SITE, "access-control-allow-credentials": "true", vary: "Origin" });

    // A bad call from a tracked site is still readable by the page: the problem names the field.
    const bad = await fromPage("track", { anonymousId: "cors-visitor", properties: {} });
    expect(bad.status).toBe(400);
    expect(bad.headers["access-control-allow-origin"]).toBe(SITE);
    expect(bad.body.errors[0].field).toBe("event");

    const elsewhere = await pageView("cors-intruder", "https://evil.test/", "https://evil.test");
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers["access-control-allow-origin"]).toBeUndefined();
    expect(elsewhere.body.detail).toMatch(/https:\/\/evil\.test may not send events/);
    expect((await lookup("anonymousId", "cors-intruder")).status).toBe(404);

    // Servers (no Origin) are not concerned.
    expect((await t.request("POST", "/v1/track", { body: { anonymousId: "server-side", event: "Ping" }, auth: t.writeKey })).status).toBe(200);
  });

  it("serves the script, cached, to any site", async () => {
    const res = await t.request("GET", "/t.js", { auth: null });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(res.headers).toMatchObject({ "cache-control": "public, max-age=3600", "access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin" });
    expect(res.text).toContain("data-key");
    const again = await t.request("GET", "/t.js", { auth: null, headers: { "if-none-match": String(res.headers.etag) } });
    expect(again.status).toBe(304);
  });

  it("ties an anonymous visitor to the contact after a form submission that carries its anonymous id", async () => {
    await pageView("form-visitor", `${SITE}/?utm_source=newsletter&utm_campaign=spring`);
    await pageView("form-visitor", `${SITE}/pricing`);
    const form = await t.request("POST", "/api/v1/forms", {
      body: { name: "Demo request", definition: { version: 1, fields: [{ name: "email", label: "Email", type: "email", property: "email" }], allowedOrigins: [SITE] } },
    });
    const submitted = await t.request("POST", `/f/${form.body.id}`, {
      auth: null,
      body: "email=lea%40acme.test&_aid=form-visitor",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", origin: SITE },
    });
    expect(submitted.status).toBe(200);

    const lea = await lookup("email", "lea@acme.test");
    expect((await lookup("anonymousId", "form-visitor")).body.id).toBe(lea.body.id);
    expect(await pagesOf(lea.body.id)).toEqual([`${SITE}/pricing`, `${SITE}/?utm_source=newsletter&utm_campaign=spring`]);
    expect((await timeline(lea.body.id)).map((e) => e.name)).toContain("form.submitted");

    // On her phone, another anonymous browser: submitting again merges it into the contact she already is.
    await pageView("phone-visitor", `${SITE}/pricing?utm_source=ads`);
    await t.request("POST", `/f/${form.body.id}`, { auth: null, body: { email: "lea@acme.test", _aid: "phone-visitor" }, headers: { origin: SITE } });
    expect((await lookup("anonymousId", "phone-visitor")).body.id).toBe(lea.body.id);
    expect((await timeline(lea.body.id)).map((e) => e.name)).toContain("contact.merged");
    expect(await pagesOf(lea.body.id)).toHaveLength(3);

    // Later page views of the browser land on Lea directly; a segment sees her whole history.
    await pageView("form-visitor", `${SITE}/features`);
    expect(await pagesOf(lea.body.id)).toHaveLength(4);
    const rule = { type: "event", name: "Page Viewed", filters: [{ property: "url", op: "contains", value: "/pricing" }], count: { op: "gte", value: 2 } };
    const preview = await t.request("POST", "/api/v1/segments/preview", { body: { rule } });
    expect(preview.body.sample.map((c: { email: string }) => c.email)).toEqual(["lea@acme.test"]);

    const badId = await t.request("POST", `/f/${form.body.id}`, { auth: null, body: { email: "x@acme.test", _aid: "x".repeat(300) } });
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe("fields._aid");
  });

  it("does not move a browser already known as someone else (a shared computer) when another person submits a form", async () => {
    await pageView("shared-computer", `${SITE}/`);
    const form = await t.request("POST", "/api/v1/forms", { body: { name: "Newsletter", definition: { version: 1, fields: [{ name: "email", label: "Email", type: "email", property: "email" }] } } });
    await t.request("POST", `/f/${form.body.id}`, { auth: null, body: { email: "first@acme.test", _aid: "shared-computer" } });
    await t.request("POST", `/f/${form.body.id}`, { auth: null, body: { email: "second@acme.test", _aid: "shared-computer" } });
    const first = await lookup("email", "first@acme.test");
    expect((await lookup("anonymousId", "shared-computer")).body.id).toBe(first.body.id);
    expect(await pagesOf((await lookup("email", "second@acme.test")).body.id)).toEqual([]);
  });

  describe("after a tracked email click", () => {
    let link: string;
    let contactId: string;
    beforeAll(async () => {
      const template = await t.request("POST", "/api/v1/templates", {
        body: { name: "Pricing news", channel: "email", content: { subject: "New prices", format: "html", body: `<p><a href="${SITE}/pricing?utm_source=email">See the prices</a> <a href="https://partner.test/">Partner</a></p>` } },
      });
      const definition = {
        version: 1,
        triggers: [{ type: "event", name: "Asked For Prices" }],
        start: "send",
        nodes: [{ id: "send", type: "action", action: { kind: "send_email", templateId: template.body.id }, next: "done" }, { id: "done", type: "end" }],
      };
      const wf = await t.request("POST", "/api/v1/workflows", { body: { name: "Prices", definition } });
      expect((await t.request("POST", `/api/v1/workflows/${wf.body.id}/publish`)).status).toBe(200);
      await t.request("POST", "/v1/identify", { body: { userId: "max", traits: { email: "max@acme.test" } }, auth: t.writeKey });
      await t.request("POST", "/v1/track", { body: { userId: "max", event: "Asked For Prices" }, auth: t.writeKey });
      await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
      await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
      const [kept] = (await t.request("GET", "/api/v1/mailbox")).body.data as { id: string }[];
      const html = (await t.request("GET", `/api/v1/mailbox/${kept!.id}`)).body.html as string;
      const links = [...html.matchAll(/href="([^"]+\/t\/c\/[^"]+)"/g)].map((m) => new URL(m[1]!).pathname);
      const click = await t.request("GET", links[0]!, { auth: null });
      expect(click.status).toBe(302);
      link = String(click.headers.location);
      contactId = (await t.request("GET", "/api/v1/contacts/lookup?externalId=max")).body.id;
      // A link to a site that does not run the script gets no token.
      const partner = await t.request("GET", links[1]!, { auth: null });
      expect(partner.headers.location).toBe("https://partner.test/");
    });

    it("sends the visitor to the tracked site with a short-lived token the script trades for tying the browser to the contact", async () => {
      const url = new URL(link);
      expect(`${url.origin}${url.pathname}`).toBe(`${SITE}/pricing`);
      expect(url.searchParams.get("utm_source")).toBe("email");
      const token = url.searchParams.get("_pc")!;
      expect(token).toMatch(/^[\w-]+\.[\w-]+$/);

      await pageView("email-visitor", `${SITE}/blog`);
      const linked = await fromPage("web/link", { anonymousId: "email-visitor", token });
      expect(linked.status).toBe(200);
      expect(linked.body).toEqual({ linked: true });
      expect(linked.headers["access-control-allow-origin"]).toBe(SITE);
      expect((await lookup("anonymousId", "email-visitor")).body.id).toBe(contactId);
      expect(await pagesOf(contactId)).toEqual([`${SITE}/blog`]);
    });

    it("refuses forged, altered and expired tokens, and tokens of another workspace's key", async () => {
      const token = new URL(link).searchParams.get("_pc")!;
      // The signature's first character changed (its last one also carries padding bits that decoding drops).
      const [payload, signature] = token.split(".") as [string, string];
      const altered = `${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
      expect((await fromPage("web/link", { anonymousId: "forger", token: altered })).body).toEqual({ linked: false });
      expect((await fromPage("web/link", { anonymousId: "forger", token: "e30.AAAA" })).body).toEqual({ linked: false });
      expect((await lookup("anonymousId", "forger")).status).toBe(404);

      // Another workspace's key cannot use this workspace's token.
      const other = await findOrCreateWorkspace(t.deps, "other");
      const { key } = await createApiKey(t.deps, other.id, "write");
      const foreign = await t.request("POST", "/v1/web/link", { auth: null, body: JSON.stringify({ writeKey: key, anonymousId: "foreign-visitor", token }), headers: TEXT });
      expect(foreign.body).toEqual({ linked: false });

      await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: HOUR + 1 } });
      expect((await fromPage("web/link", { anonymousId: "late-visitor", token })).body).toEqual({ linked: false });

      const missing = await fromPage("web/link", { token });
      expect(missing.status).toBe(400);
      expect(missing.body.errors[0].field).toMatch(/anonymousId/);
    });

    it("also ties the browser through the pc_id cookie the click left, when the site shares Parcours's site", async () => {
      const kept = (await t.request("GET", "/api/v1/mailbox")).body.data[0] as { id: string };
      const html = (await t.request("GET", `/api/v1/mailbox/${kept.id}`)).body.html as string;
      const path = new URL(/href="([^"]+\/t\/c\/[^"]+)"/.exec(html)![1]!).pathname;
      const cookie = String((await t.request("GET", path, { auth: null })).headers["set-cookie"]).split(";")[0]!;
      const linked = await t.request("POST", "/v1/web/link", { auth: null, body: JSON.stringify({ writeKey: t.writeKey, anonymousId: "cookie-visitor" }), headers: { ...TEXT, origin: SITE, cookie } });
      expect(linked.body).toEqual({ linked: true });
      expect((await lookup("anonymousId", "cookie-visitor")).body.id).toBe(contactId);
      const none = await fromPage("web/link", { anonymousId: "no-cookie" });
      expect(none.body).toEqual({ linked: false });
    });
  });
});
