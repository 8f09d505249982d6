import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withContactSession } from "../src/contacts/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("contact owners on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const newUser = async (email: string) => (await t.request("POST", "/api/v1/users", { body: { email } })).body.id as string;
  const newContact = async (body: object = {}) => (await t.request("POST", "/api/v1/contacts", { body })).body.id as string;
  const ownerEvents = async (contactId: string) =>
    (await t.request("GET", `/api/v1/contacts/${contactId}/timeline?name=owner.changed`)).body.data.map((e: { properties: unknown }) => e.properties);

  it("assigns an owner and logs owner.changed with from and to", async () => {
    const [ana, bo] = [await newUser("ana@sales.test"), await newUser("bo@sales.test")];
    const c = await newContact({ ownerId: ana });
    const patched = await t.request("PATCH", `/api/v1/contacts/${c}`, { body: { ownerId: bo } });
    expect(patched.status).toBe(200);
    expect(patched.body.ownerId).toBe(bo);
    expect(await ownerEvents(c)).toEqual([{ from: ana, to: bo }, { from: null, to: ana }]);
    expect((await t.request("GET", `/api/v1/contacts?ownerId=${bo}`)).body.data.map((x: { id: string }) => x.id)).toEqual([c]);
  });

  it("refuses an unknown owner, naming ownerId, and changes nothing", async () => {
    const c = await newContact();
    const res = await t.request("PATCH", `/api/v1/contacts/${c}`, { body: { ownerId: "no-such-user", score: 5 } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: "ownerId", message: expect.stringContaining("no-such-user") }]);
    expect((await t.request("GET", `/api/v1/contacts/${c}`)).body).toMatchObject({ ownerId: null, score: 0 });
  });

  it("deleting a user clears its contacts' owner and logs owner.changed on each", async () => {
    const rep = await newUser("leaving@sales.test");
    const stays = await newUser("stays@sales.test");
    const [a, b] = [await newContact({ ownerId: rep }), await newContact({ ownerId: rep })];
    const other = await newContact({ ownerId: stays });
    expect((await t.request("DELETE", `/api/v1/users/${rep}`)).status).toBe(204);
    for (const id of [a, b]) {
      expect((await t.request("GET", `/api/v1/contacts/${id}`)).body.ownerId).toBeNull();
      expect(await ownerEvents(id)).toEqual([{ from: rep, to: null }, { from: null, to: rep }]);
    }
    expect((await t.request("GET", `/api/v1/contacts/${other}`)).body.ownerId).toBe(stays);
    expect(await ownerEvents(other)).toEqual([{ from: null, to: stays }]);
  });

  it("disowns more contacts than one batch holds", async () => {
    const rep = await newUser("big-book@sales.test");
    const ids = await withContactSession(t.deps, t.workspaceId, async (s) => {
      const out: string[] = [];
      for (let i = 0; i < 1201; i++) {
        const c = s.create({}, { channel: "api" });
        await s.setOwner(c, rep);
        out.push(c.id);
      }
      return out;
    });
    const deletedAt = t.clock.advance(60_000);
    expect((await t.request("DELETE", `/api/v1/users/${rep}`)).status).toBe(204);
    const owned = await t.deps.db.selectFrom("contacts").select("id").where("owner_id", "=", rep).execute();
    expect(owned).toEqual([]);
    const logged = await t.deps.db
      .selectFrom("events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("name", "=", "owner.changed")
      .where("timestamp", ">=", deletedAt)
      .where("contact_id", "in", ids)
      .executeTakeFirstOrThrow();
    expect(Number(logged.n)).toBe(1201);
    expect((await t.request("GET", `/api/v1/users/${rep}`)).status).toBe(404);
  });
});
