import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const minimal = () => ({ version: 1, triggers: [{ type: "api" }], start: "done", nodes: [{ id: "done", type: "end" }] });

describe.each(dialects)("workflow documents through the API on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  async function workflowCount(): Promise<number> {
    const { n } = await t.deps.db.selectFrom("workflows").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return Number(n);
  }

  it("rejects a document that does not fit the format with 400 naming the field, and stores nothing", async () => {
    const before = await workflowCount();
    const cases: [unknown, string][] = [
      [{ ...minimal(), nodes: [{ id: "1st", type: "end" }] }, "definition.nodes.0.id"],
      [{ ...minimal(), version: 2 }, "definition.version"],
      [{ ...minimal(), triggers: [] }, "definition.triggers"],
      [{ ...minimal(), nodes: [{ id: "wait", type: "delay", wait: { kind: "duration", duration: { amount: 0, unit: "days" } }, next: "done" }] }, "definition.nodes.0.wait.duration.amount"],
      [{ ...minimal(), colour: "blue" }, "definition.colour"],
    ];
    for (const [definition, field] of cases) {
      const res = await t.request("POST", "/api/v1/workflows", { body: { name: `Bad ${field}`, definition } });
      expect(res.status, field).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field), field).toContain(field);
    }
    expect(await workflowCount()).toBe(before);
  });

  it("rejects an invalid definition in an edit, leaving the draft as it was", async () => {
    const { body: wf } = await t.request("POST", "/api/v1/workflows", { body: { name: "Edited badly", definition: minimal() } });
    const res = await t.request("PATCH", `/api/v1/workflows/${wf.id}`, { body: { definition: { ...minimal(), start: "" } } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("definition.start");
    expect((await t.request("GET", `/api/v1/workflows/${wf.id}`)).body).toEqual(wf);
  });

  it("keeps workflow names unique in the workspace", async () => {
    await t.request("POST", "/api/v1/workflows", { body: { name: "Welcome", definition: minimal() } });
    const dup = await t.request("POST", "/api/v1/workflows", { body: { name: "Welcome", definition: minimal() } });
    expect(dup.status).toBe(409);
    expect(dup.body.errors).toEqual([{ field: "name", message: expect.stringContaining("Welcome") }]);
    const { body: other } = await t.request("POST", "/api/v1/workflows", { body: { name: "Other", definition: minimal() } });
    expect((await t.request("PATCH", `/api/v1/workflows/${other.id}`, { body: { name: "Welcome" } })).status).toBe(409);
    const renamed = await t.request("PATCH", `/api/v1/workflows/${other.id}`, { body: { name: "Other (renamed)", description: "kept apart" } });
    expect(renamed.body).toMatchObject({ name: "Other (renamed)", description: "kept apart" });
  });

  it("records when a workflow last changed", async () => {
    const { body: wf } = await t.request("POST", "/api/v1/workflows", { body: { name: "Dated", definition: minimal() } });
    t.clock.advance(5 * 60_000);
    const edited = await t.request("PATCH", `/api/v1/workflows/${wf.id}`, { body: { description: "now with words" } });
    expect(edited.body.createdAt).toBe(wf.createdAt);
    expect(Date.parse(edited.body.updatedAt) - Date.parse(wf.updatedAt)).toBe(5 * 60_000);
  });

  it("lists workflows in creation order, filtered by status, page by page", async () => {
    const names = ["List A", "List B", "List C", "List D"];
    const ids: string[] = [];
    for (const name of names) ids.push((await t.request("POST", "/api/v1/workflows", { body: { name, definition: minimal() } })).body.id);
    await t.request("POST", `/api/v1/workflows/${ids[1]}/publish`);
    await t.request("POST", `/api/v1/workflows/${ids[3]}/publish`);
    await t.request("POST", `/api/v1/workflows/${ids[3]}/pause`);

    async function all(query: string): Promise<{ name: string; status: string; currentVersion: number | null }[]> {
      const seen = [];
      let cursor: string | null = null;
      do {
        const res = await t.request("GET", `/api/v1/workflows?limit=2${query}${cursor ? `&cursor=${cursor}` : ""}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.data);
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen.filter((w) => w.name.startsWith("List "));
    }
    expect((await all("")).map((w) => [w.name, w.status, w.currentVersion])).toEqual([
      ["List A", "draft", null],
      ["List B", "active", 1],
      ["List C", "draft", null],
      ["List D", "paused", 1],
    ]);
    expect((await all("&status=draft")).map((w) => w.name)).toEqual(["List A", "List C"]);
    expect((await all("&status=active")).map((w) => w.name)).toEqual(["List B"]);
    const bad = await t.request("GET", "/api/v1/workflows?status=running");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("query.status");
  });

  it("every workflow route is documented in OpenAPI, and the workflow document resolves", async () => {
    const res = await t.request("GET", "/docs/json", { auth: null });
    const doc = res.body as { paths: Record<string, Record<string, { summary?: string; security?: unknown }>>; components: { schemas: Record<string, unknown> } };
    const expected: Record<string, string[]> = {
      "/api/v1/workflows": ["get", "post"],
      "/api/v1/workflows/schema": ["get"],
      "/api/v1/workflows/{id}": ["get", "patch"],
      "/api/v1/workflows/{id}/validate": ["post"],
      "/api/v1/workflows/{id}/publish": ["post"],
      "/api/v1/workflows/{id}/pause": ["post"],
      "/api/v1/workflows/{id}/resume": ["post"],
      "/api/v1/workflows/{id}/archive": ["post"],
      "/api/v1/workflows/{id}/versions/{version}": ["get"],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const m of methods) {
        expect(doc.paths[path]?.[m]?.summary, `${m} ${path}`).toBeTruthy();
        expect(doc.paths[path]![m]!.security, `${m} ${path}`).toEqual([{ secretKey: [] }]);
      }
    }
    // Every reference in the document points at a schema the document defines.
    const refs = new Set([...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!));
    expect([...refs].filter((name) => !(name in doc.components.schemas))).toEqual([]);
    expect(refs).toContain("WorkflowDefinitionInput");
  });
});
