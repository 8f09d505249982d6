import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const apiTriggered = (tag: string) => ({
  version: 1,
  triggers: [{ type: "api" }],
  start: "tag",
  nodes: [
    { id: "tag", type: "action", action: { kind: "add_tag", tag }, next: "done" },
    { id: "done", type: "end" },
  ],
});

describe.each(dialects)("workflow status on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const create = async (name: string) => (await t.request("POST", "/api/v1/workflows", { body: { name, definition: apiTriggered("a") } })).body.id as string;
  const command = (id: string, what: string) => t.request("POST", `/api/v1/workflows/${id}/${what}`);

  it("a published workflow pauses and resumes on its current version; repeating either changes nothing", async () => {
    const id = await create("Pausable");
    await command(id, "publish");
    const paused = await command(id, "pause");
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ status: "paused", currentVersion: 1 });
    expect((await command(id, "pause")).body.status).toBe("paused");
    const resumed = await command(id, "resume");
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: "active", currentVersion: 1 });
    expect((await command(id, "resume")).body.status).toBe("active");
  });

  it("a paused workflow can be edited, and publishing makes it active on the new version", async () => {
    const id = await create("Fixed while paused");
    await command(id, "publish");
    await command(id, "pause");
    const edited = await t.request("PATCH", `/api/v1/workflows/${id}`, { body: { definition: apiTriggered("b") } });
    expect(edited.body).toMatchObject({ status: "paused", currentVersion: 1 });
    expect((await command(id, "publish")).body).toMatchObject({ status: "active", currentVersion: 2 });
  });

  it("a draft that was never published cannot be paused or resumed", async () => {
    const id = await create("Never live");
    for (const what of ["pause", "resume"]) {
      const res = await command(id, what);
      expect(res.status, what).toBe(409);
      expect(res.body.errors).toEqual([{ field: "status", message: expect.stringContaining("never been published") }]);
    }
    expect((await t.request("GET", `/api/v1/workflows/${id}`)).body.status).toBe("draft");
  });

  it("archiving is final: no edit, publish, pause or resume afterwards, but it can still be read", async () => {
    const id = await create("Retired");
    await command(id, "publish");
    const archived = await command(id, "archive");
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: "archived", currentVersion: 1 });
    expect((await command(id, "archive")).status).toBe(200);
    for (const what of ["publish", "pause", "resume"]) {
      const res = await command(id, what);
      expect(res.status, what).toBe(409);
      expect(res.body.errors[0]).toEqual({ field: "status", message: expect.stringContaining("archived") });
    }
    const edit = await t.request("PATCH", `/api/v1/workflows/${id}`, { body: { description: "too late" } });
    expect(edit.status).toBe(409);
    const read = await t.request("GET", `/api/v1/workflows/${id}`);
    expect(read.body).toMatchObject({ status: "archived", description: null });
    expect((await t.request("GET", `/api/v1/workflows/${id}/versions/1`)).status).toBe(200);
  });

  it("a draft can be archived without ever being published", async () => {
    const id = await create("Abandoned idea");
    expect((await command(id, "archive")).body).toMatchObject({ status: "archived", currentVersion: null });
  });
});
