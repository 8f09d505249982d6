import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkSigningKey, signToken } from "../src/channels/index.js";
import { checkConsent, listUnsubscribeHeaders, unsubscribeUrl } from "../src/consent/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe.each(dialects)("unsubscribe links on %s", (dialect) => {
  let t: TestApp;
  let news: { id: string; name: string };
  let deals: { id: string; name: string };
  beforeAll(async () => {
    t = await startTestApp(dialect);
    news = (await t.request("POST", "/api/v1/topics", { body: { name: "Newsletter", defaultStatus: "subscribed" } })).body;
    deals = (await t.request("POST", "/api/v1/topics", { body: { name: `<b>"Deals" & more</b>`, description: "<script>alert(1)</script>" } })).body;
  });
  afterAll(async () => t?.close());

  async function contact(email: string): Promise<string> {
    return (await t.request("POST", "/api/v1/contacts", { body: { email } })).body.id;
  }
  async function link(contactId: string, extra: { messageId?: string; topicId?: string } = {}): Promise<string> {
    const url = await unsubscribeUrl(t.deps, { workspaceId: t.workspaceId, contactId, ...extra }, "https://mail.example.com/");
    expect(url).toMatch(/^https:\/\/mail\.example\.com\/u\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    return new URL(url).pathname;
  }
  async function events(id: string, name: string): Promise<Record<string, unknown>[]> {
    return (await t.request("GET", `/api/v1/contacts/${id}/timeline?name=${name}`)).body.data.map((e: { properties: unknown }) => e.properties);
  }
  const oneClick = (path: string, body = "List-Unsubscribe=One-Click", headers: Record<string, string> = FORM) => t.request("POST", path, { auth: null, body, headers });
  const marketing = (contactId: string, topicId?: string) =>
    checkConsent(t.deps, { workspaceId: t.workspaceId, contactId, email: "x@example.com", channel: "email", category: "marketing", ...(topicId ? { topicId } : {}) });

  it("gives the RFC 8058 headers for a link", () => {
    expect(listUnsubscribeHeaders("https://mail.example.com/u/abc.def")).toEqual({
      "List-Unsubscribe": "<https://mail.example.com/u/abc.def>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });

  it("unsubscribes from all marketing email with a one-click POST, once, on the timeline", async () => {
    const id = await contact("oneclick@example.com");
    const path = await link(id, { messageId: "msg-1" });
    const res = await oneClick(path);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "unsubscribed" });
    expect((await t.request("GET", `/api/v1/contacts/${id}`)).body.subscriptions).toEqual({ email: "unsubscribed" });
    expect(await events(id, "email.unsubscribed")).toEqual([{ messageId: "msg-1", topicId: null, method: "one_click" }]);
    expect(await events(id, "subscription.changed")).toEqual([{ channel: "email", from: null, to: "unsubscribed" }]);
    expect(await marketing(id)).toMatchObject({ allowed: false, reason: "unsubscribed" });
    // Mailbox providers may POST again: nothing more happens.
    expect((await oneClick(path)).status).toBe(200);
    expect(await events(id, "email.unsubscribed")).toHaveLength(1);
  });

  it("unsubscribes from the link's topic only when it names one", async () => {
    const id = await contact("topic-link@example.com");
    const res = await oneClick(await link(id, { messageId: "msg-2", topicId: news.id }));
    expect(res.status).toBe(200);
    expect((await t.request("GET", `/api/v1/contacts/${id}`)).body.subscriptions).toEqual({});
    expect(await events(id, "email.unsubscribed")).toEqual([{ messageId: "msg-2", topicId: news.id, method: "one_click" }]);
    expect(await events(id, "topic.unsubscribed")).toEqual([{ topicId: news.id, topicName: "Newsletter", source: "one_click" }]);
    expect(await marketing(id, news.id)).toMatchObject({ allowed: false, reason: "topic_unsubscribed" });
    expect(await marketing(id)).toEqual({ allowed: true });
  });

  it("takes the one-click body as multipart/form-data too", async () => {
    const id = await contact("multipart@example.com");
    const body = '--XyZ\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--XyZ--\r\n';
    const res = await oneClick(await link(id), body, { "content-type": "multipart/form-data; boundary=XyZ" });
    expect(res.status).toBe(200);
    expect((await t.request("GET", `/api/v1/contacts/${id}`)).body.subscriptions).toEqual({ email: "unsubscribed" });
  });

  it("refuses a POST without the one-click body, and any token it did not make", async () => {
    const id = await contact("refused@example.com");
    const path = await link(id);
    const noBody = await oneClick(path, "unsubscribe=yes");
    expect(noBody.status).toBe(400);
    expect(noBody.body.errors[0].field).toBe("List-Unsubscribe");
    const [body, mac] = path.slice(3).split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify({ p: "u", w: t.workspaceId, c: "someone-else" })).toString("base64url");
    const otherPurpose = signToken(await linkSigningKey(t.deps), { w: t.workspaceId, c: id, u: "https://example.com" });
    for (const token of [`${forged}.${mac}`, `${body}.${mac.slice(0, -2)}`, body, otherPurpose]) {
      const res = await oneClick(`/u/${token}`);
      expect(res.status, token).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field: "params.token", message: expect.any(String) }]);
      const page = await t.request("GET", `/u/${token}`, { auth: null });
      expect(page.status).toBe(400);
      expect(page.headers["content-type"]).toMatch(/^text\/html/);
      expect(page.text).toContain("This link does not work");
      expect((await t.request("POST", `/u/${token}/preferences`, { auth: null, body: "action=unsubscribe_all", headers: FORM })).status).toBe(400);
    }
    expect((await t.request("GET", `/api/v1/contacts/${id}`)).body.subscriptions).toEqual({});
  });

  it("renders the preference page with every topic, escaped, self-contained", async () => {
    const id = await contact("page@example.com");
    const page = await t.request("GET", await link(id), { auth: null });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
    expect(page.text).toContain("page@example.com");
    expect(page.text).toContain(`<input type="checkbox" name="topic" value="${news.id}" checked> <strong>Newsletter</strong>`);
    expect(page.text).toContain(`value="${deals.id}"> <strong>&lt;b&gt;&quot;Deals&quot; &amp; more&lt;/b&gt;</strong>`);
    expect(page.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.text).not.toMatch(/<script|src=|href=|https?:\/\//);
    expect(page.text).toContain('value="unsubscribe_all"');
  });

  it("saves the page's topic choices and confirms", async () => {
    const id = await contact("prefs@example.com");
    const path = await link(id, { messageId: "msg-3" });
    const form = (await t.request("GET", path, { auth: null })).text;
    const action = /<form method="post" action="([^"]+)">/.exec(form)![1]!;
    expect(action).toBe(`${path}/preferences`);
    const saved = await t.request("POST", action, { auth: null, body: `action=save&topic=${deals.id}`, headers: FORM });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain("Your preferences are saved.");
    expect(saved.text).toContain(`value="${deals.id}" checked>`);
    expect(saved.text).toContain(`value="${news.id}">`);
    const topics = (await t.request("GET", `/api/v1/contacts/${id}/topics`)).body.data;
    expect(topics.map((x: { topicId: string; status: string; source: string }) => [x.topicId, x.status, x.source])).toEqual([
      [news.id, "unsubscribed", "preference_page"],
      [deals.id, "subscribed", "preference_page"],
    ]);
    expect(await events(id, "email.unsubscribed")).toEqual([{ messageId: "msg-3", topicId: news.id, method: "preference_page" }]);
    expect(await marketing(id, deals.id)).toEqual({ allowed: true });
    expect(await marketing(id, news.id)).toMatchObject({ reason: "topic_unsubscribed" });
  });

  it("unsubscribes from all marketing email from the page, and subscribes again", async () => {
    const id = await contact("all@example.com");
    const path = `${await link(id)}/preferences`;
    const out = await t.request("POST", path, { auth: null, body: "action=unsubscribe_all", headers: FORM });
    expect(out.text).toContain("You are unsubscribed from all marketing email.");
    expect(out.text).toContain('value="resubscribe"');
    expect(await marketing(id)).toMatchObject({ reason: "unsubscribed" });
    expect(await events(id, "email.unsubscribed")).toEqual([{ messageId: null, topicId: null, method: "preference_page" }]);
    const back = await t.request("POST", path, { auth: null, body: "action=resubscribe", headers: FORM });
    expect(back.text).toContain("You are subscribed to marketing email again.");
    expect(await marketing(id)).toEqual({ allowed: true });
    expect((await t.request("POST", path, { auth: null, body: "action=dance", headers: FORM })).body.errors[0].field).toBe("action");
  });

  it("answers a link of an erased contact without failing", async () => {
    const id = await contact("erased@example.com");
    const path = await link(id);
    await t.request("DELETE", `/api/v1/contacts/${id}`);
    expect((await oneClick(path)).status).toBe(200);
    const page = await t.request("GET", path, { auth: null });
    expect(page.status).toBe(404);
    expect(page.text).toContain("Nothing to manage");
  });
});
