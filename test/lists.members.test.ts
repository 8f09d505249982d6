import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("list members on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const newList = async (name: string) => (await t.request("POST", "/api/v1/lists", { body: { name } })).body.id as string;
  const newContacts = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await t.request("POST", "/api/v1/contacts", { body: {} })).body.id);
    return ids;
  };
  const listEvents = async (contactId: string) =>
    (await t.request("GET", `/api/v1/contacts/${contactId}/timeline?kind=internal`)).body.data
      .filter((e: { name: string }) => e.name.startsWith("list."))
      .map((e: { name: string; properties: unknown }) => ({ name: e.name, ...(e.properties as object) }));

  it("adds members, logs list.joined once per contact, and pages through them", async () => {
    const list = await newList("Trial users");
    const ids = await newContacts(3);
    const res = await t.request("POST", `/api/v1/lists/${list}/members`, { body: { contactIds: [ids[0], ids[1], ids[0]] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ added: 2, memberCount: 2 });
    const again = await t.request("POST", `/api/v1/lists/${list}/members`, { body: { contactIds: [ids[1], ids[2]] } });
    expect(again.body).toEqual({ added: 1, memberCount: 3 });
    expect(await listEvents(ids[0]!)).toEqual([{ name: "list.joined", listId: list, listName: "Trial users" }]);

    const first = await t.request("GET", `/api/v1/lists/${list}/members?limit=2`);
    const second = await t.request("GET", `/api/v1/lists/${list}/members?limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.data, ...second.body.data].map((c: { id: string }) => c.id)).toEqual(ids);
    expect(second.body.nextCursor).toBeNull();
  });

  it("adds nobody when any contact id is unknown, naming each bad index", async () => {
    const list = await newList("All or nothing");
    const ids = await newContacts(3);
    const res = await t.request("POST", `/api/v1/lists/${list}/members`, { body: { contactIds: [...ids, "ghost-1", ids[0], "ghost-2"] } });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(["contactIds.3", "contactIds.5"]);
    expect((await t.request("GET", `/api/v1/lists/${list}`)).body.memberCount).toBe(0);
    expect(await listEvents(ids[0]!)).toEqual([]);
  });

  it("refuses more than 1000 contact ids in one call", async () => {
    const list = await newList("Too many");
    const res = await t.request("POST", `/api/v1/lists/${list}/members`, { body: { contactIds: Array.from({ length: 1001 }, (_, i) => `c${i}`) } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toMatch(/^(body\.)?contactIds$/);
  });

  it("removes a member and logs list.left; removing a non-member changes nothing", async () => {
    const list = await newList("Leavers");
    const [a, b] = await newContacts(2);
    await t.request("POST", `/api/v1/lists/${list}/members`, { body: { contactIds: [a] } });
    expect((await t.request("DELETE", `/api/v1/lists/${list}/members/${a}`)).status).toBe(204);
    expect((await listEvents(a!))[0]).toEqual({ name: "list.left", listId: list, listName: "Leavers" });
    expect((await t.request("DELETE", `/api/v1/lists/${list}/members/${b}`)).status).toBe(204);
    expect(await listEvents(b!)).toEqual([]);
    expect((await t.request("GET", `/api/v1/lists/${list}`)).body.memberCount).toBe(0);
    expect((await t.request("DELETE", `/api/v1/lists/${list}/members/ghost`)).status).toBe(404);
    expect((await t.request("DELETE", `/api/v1/lists/no-such-list/members/${a}`)).status).toBe(404);
  });

  it("shows the lists a contact belongs to", async () => {
    const [l1, l2] = [await newList("Zeta customers"), await newList("Alpha customers")];
    await newList("Not this one");
    const [c] = await newContacts(1);
    for (const l of [l1, l2]) await t.request("POST", `/api/v1/lists/${l}/members`, { body: { contactIds: [c] } });
    const res = await t.request("GET", `/api/v1/contacts/${c}/lists`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((l: { name: string; memberCount: number }) => [l.name, l.memberCount])).toEqual([
      ["Alpha customers", 1],
      ["Zeta customers", 1],
    ]);
    expect((await t.request("GET", "/api/v1/contacts/nope/lists")).status).toBe(404);
  });

  it("deleting a list logs list.left for each member", async () => {
    const list = await newList("Doomed");
    const ids = await newContacts(2);
    await t.request("POST", `/api/v1/lists/${list}/members`, { body: { contactIds: ids } });
    expect((await t.request("DELETE", `/api/v1/lists/${list}`)).status).toBe(204);
    for (const id of ids) expect((await listEvents(id))[0]).toEqual({ name: "list.left", listId: list, listName: "Doomed" });
    expect((await t.request("GET", `/api/v1/contacts/${ids[0]}/lists`)).body.data).toEqual([]);
  });

  it("answers 404 for members of an unknown list", async () => {
    const [c] = await newContacts(1);
    expect((await t.request("GET", "/api/v1/lists/nope/members")).status).toBe(404);
    expect((await t.request("POST", "/api/v1/lists/nope/members", { body: { contactIds: [c] } })).status).toBe(404);
  });
});
