import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

interface Listed {
  id: string;
  email: string | null;
}

describe.each(dialects)("finding and ordering contacts, on %s", (dialect) => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const people = [
      { key: "ada", body: { email: "ada@acme.test", score: 10, lifecycleStage: "lead", properties: { name: "Ada Lovelace", company: "Acme" }, tags: ["vip"] } },
      { key: "bob", body: { email: "bob@beta.test", score: 30, lifecycleStage: "mql", properties: { name: "Bob Stone", employees: 40 } } },
      { key: "cy", body: { email: "cy@gamma.test", score: 20, properties: { name: "Cy Young" }, tags: ["vip"] } },
      { key: "dee", body: { externalId: "u-dee", score: 5, lifecycleStage: "customer" } },
      { key: "eve", body: { email: "eve@acme.test", score: 20, lifecycleStage: "subscriber" } },
    ];
    for (const p of people) {
      const res = await t.request("POST", "/api/v1/contacts", { body: p.body });
      expect(res.status).toBe(201);
      ids[p.key] = res.body.id;
      // Distinct creation and update times, so the time orders are not decided by ids alone.
      await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 1000 } });
    }
  });
  afterAll(async () => t?.close());

  const list = async (query: string): Promise<Listed[]> => {
    const res = await t.request("GET", `/api/v1/contacts?${query}`);
    expect(res.status, res.text).toBe(200);
    return res.body.data;
  };
  const keysOf = (rows: Listed[]) => rows.map((r) => Object.keys(ids).find((k) => ids[k] === r.id));

  /** Every page of a query, following nextCursor, `limit` contacts at a time. */
  const allPages = async (query: string, limit: number): Promise<Listed[]> => {
    const rows: Listed[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request("GET", `/api/v1/contacts?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(limit);
      rows.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    return rows;
  };

  it("searches the email, the external id and the values of properties, not their names", async () => {
    expect(keysOf(await list("q=LOVELACE"))).toEqual(["ada"]);
    expect(keysOf(await list("q=acme"))).toEqual(["ada", "eve"]);
    expect(keysOf(await list("q=u-de"))).toEqual(["dee"]);
    expect(keysOf(await list("q=40"))).toEqual(["bob"]);
    expect(await list("q=company")).toEqual([]);
  });

  it("filters by tag, lifecycle stage, list and segment, alone or together", async () => {
    expect(keysOf(await list("tag=vip"))).toEqual(["ada", "cy"]);
    expect(keysOf(await list("lifecycleStage=mql"))).toEqual(["bob"]);

    const listId = (await t.request("POST", "/api/v1/lists", { body: { name: "Webinar" } })).body.id;
    await t.request("POST", `/api/v1/lists/${listId}/members`, { body: { contactIds: [ids.bob, ids.cy] } });
    expect(keysOf(await list(`listId=${listId}`))).toEqual(["bob", "cy"]);
    expect(keysOf(await list(`listId=${listId}&tag=vip`))).toEqual(["cy"]);

    const segment = await t.request("POST", "/api/v1/segments", { body: { name: "Engaged", rule: { type: "score", op: "gte", value: 20 } } });
    expect(segment.status, segment.text).toBe(201);
    // Members are computed in the background: the test clock runs what is due.
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 0 } });
    expect(keysOf(await list(`segmentId=${segment.body.id}`))).toEqual(["bob", "cy", "eve"]);
    expect(keysOf(await list(`segmentId=${segment.body.id}&q=acme`))).toEqual(["eve"]);
  });

  it("sorts by a column both ways, and pages through the whole order without a repeat or a gap", async () => {
    // Equal scores (cy, eve) go by creation, in the same direction.
    expect(keysOf(await allPages("sort=score&order=desc", 2))).toEqual(["bob", "eve", "cy", "ada", "dee"]);
    expect(keysOf(await allPages("sort=score&order=asc", 2))).toEqual(["dee", "ada", "cy", "eve", "bob"]);
    // Funnel order (subscriber, lead, mql … customer), contacts without a stage last.
    expect(keysOf(await allPages("sort=lifecycleStage", 2))).toEqual(["eve", "ada", "bob", "dee", "cy"]);
    expect(keysOf(await allPages("sort=lifecycleStage&order=desc", 3))).toEqual(["cy", "dee", "bob", "ada", "eve"]);
    // No email sorts before any address.
    expect(keysOf(await allPages("sort=email", 2))).toEqual(["dee", "ada", "bob", "cy", "eve"]);
    await t.request("POST", "/api/v1/test-clock/advance", { body: { ms: 1000 } });
    await t.request("PATCH", `/api/v1/contacts/${ids.dee}`, { body: { timezone: "Europe/Paris" } });
    const recentFirst = keysOf(await allPages("sort=updatedAt&order=desc", 4));
    expect(recentFirst[0]).toBe("dee");
    expect(keysOf(await allPages("sort=updatedAt&order=asc", 3))).toEqual([...recentFirst].reverse());
    expect(keysOf(await allPages("sort=createdAt&order=desc", 2))).toEqual(["eve", "dee", "cy", "bob", "ada"]);
    expect(keysOf(await allPages("tag=vip&sort=score&order=desc", 1))).toEqual(["cy", "ada"]);
  });

  it("keeps a page's place when contacts are added before it", async () => {
    const first = await t.request("GET", "/api/v1/contacts?sort=score&order=desc&limit=2");
    await t.request("POST", "/api/v1/contacts", { body: { email: "top@acme.test", score: 99 } });
    const second = await t.request("GET", `/api/v1/contacts?sort=score&order=desc&limit=2&cursor=${first.body.nextCursor}`);
    expect(keysOf(first.body.data)).toEqual(["bob", "eve"]);
    expect(keysOf(second.body.data)).toEqual(["cy", "ada"]);
  });

  it("names the bad field: an unknown sort, a cursor of another order", async () => {
    const badSort = await t.request("GET", "/api/v1/contacts?sort=name");
    expect(badSort.status).toBe(400);
    expect(badSort.headers["content-type"]).toContain("application/problem+json");
    expect(badSort.body.errors[0].field).toContain("sort");

    const badOrder = await t.request("GET", "/api/v1/contacts?sort=score&order=up");
    expect(badOrder.status).toBe(400);
    expect(badOrder.body.errors[0].field).toContain("order");
    expect((await t.request("GET", "/api/v1/contacts?colour=red")).status).toBe(400);

    const byScore = await t.request("GET", "/api/v1/contacts?sort=score&limit=1");
    const mixed = await t.request("GET", `/api/v1/contacts?sort=email&limit=1&cursor=${byScore.body.nextCursor}`);
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors).toEqual([{ field: "query.cursor", message: expect.stringContaining("another sort or order") }]);

    const garbage = await t.request("GET", "/api/v1/contacts?cursor=bm90LWEtY3Vyc29y");
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors[0].field).toBe("query.cursor");
  });
});
