import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("contact tags on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const tagEvents = async (id: string) =>
    (await t.request("GET", `/api/v1/contacts/${id}/timeline?kind=internal`)).body.data
      .filter((e: { name: string }) => e.name.startsWith("tag."))
      .map((e: { name: string; properties: { tag: string } }) => `${e.name} ${e.properties.tag}`);

  it("adds tags once each and logs tag.added for the new ones only", async () => {
    const { body: c } = await t.request("POST", "/api/v1/contacts", { body: { tags: ["vip"] } });
    const res = await t.request("POST", `/api/v1/contacts/${c.id}/tags`, { body: { tags: ["vip", "beta", "partner"] } });
    expect(res.status).toBe(200);
    expect(res.body.tags).toEqual(["beta", "partner", "vip"]);
    expect(await tagEvents(c.id)).toEqual(expect.arrayContaining(["tag.added beta", "tag.added partner"]));
    expect((await tagEvents(c.id)).filter((e: string) => e === "tag.added vip")).toHaveLength(1);
  });

  it("removes a tag (URL-encoded) and logs tag.removed; removing a missing tag changes nothing", async () => {
    const { body: c } = await t.request("POST", "/api/v1/contacts", { body: { tags: ["summer sale", "keep"] } });
    const res = await t.request("DELETE", `/api/v1/contacts/${c.id}/tags/${encodeURIComponent("summer sale")}`);
    expect(res.status).toBe(200);
    expect(res.body.tags).toEqual(["keep"]);
    expect((await tagEvents(c.id))[0]).toBe("tag.removed summer sale");
    const again = await t.request("DELETE", `/api/v1/contacts/${c.id}/tags/never-had`);
    expect(again.status).toBe(200);
    expect(again.body.tags).toEqual(["keep"]);
    expect((await tagEvents(c.id)).filter((e: string) => e.startsWith("tag.removed"))).toHaveLength(1);
  });

  it("lists tags in use with their counts", async () => {
    for (const tags of [["count-a", "count-b"], ["count-a"], ["count-c"]]) await t.request("POST", "/api/v1/contacts", { body: { tags } });
    const { body: lone } = await t.request("POST", "/api/v1/contacts", { body: { tags: ["count-gone"] } });
    await t.request("DELETE", `/api/v1/contacts/${lone.id}/tags/count-gone`);
    const res = await t.request("GET", "/api/v1/tags");
    expect(res.status).toBe(200);
    expect(res.body.data.filter((x: { tag: string }) => x.tag.startsWith("count-"))).toEqual([
      { tag: "count-a", count: 2 },
      { tag: "count-b", count: 1 },
      { tag: "count-c", count: 1 },
    ]);
  });

  it("rejects empty or padded tags and answers 404 for an unknown contact", async () => {
    const { body: c } = await t.request("POST", "/api/v1/contacts", { body: {} });
    const bad = await t.request("POST", `/api/v1/contacts/${c.id}/tags`, { body: { tags: ["ok", " padded"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toMatch(/^(body\.)?tags\.1$/);
    expect((await t.request("POST", "/api/v1/contacts/nope/tags", { body: { tags: ["x"] } })).status).toBe(404);
  });
});
