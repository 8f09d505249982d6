import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIFECYCLE_STAGES } from "../src/schemas/workspace.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

describe.each(dialects)("workspace lifecycle stages on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const put = (lifecycleStages: unknown) => t.request("PUT", "/api/v1/workspace/lifecycle-stages", { body: { lifecycleStages } });
  const stageIds = async () => (await t.request("GET", "/api/v1/workspace")).body.settings.lifecycleStages.map((s: { id: string }) => s.id);

  it("shows the workspace with the default ordered stages", async () => {
    const res = await t.request("GET", "/api/v1/workspace");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: t.workspaceId, name: "default", settings: { version: 1, lifecycleStages: DEFAULT_LIFECYCLE_STAGES } });
  });

  it("replaces the ordered list, and contacts can then use a new stage", async () => {
    const stages = [...DEFAULT_LIFECYCLE_STAGES.slice(0, 2), { id: "trial", label: "Trial" }, ...DEFAULT_LIFECYCLE_STAGES.slice(2)];
    const res = await put(stages);
    expect(res.status).toBe(200);
    expect(res.body.settings.lifecycleStages).toEqual(stages);
    expect(await stageIds()).toEqual(stages.map((s) => s.id));
    const c = await t.request("POST", "/api/v1/contacts", { body: { lifecycleStage: "trial" } });
    expect(c.status).toBe(201);
    expect(c.body.lifecycleStage).toBe("trial");
  });

  it("refuses to remove a stage still used by contacts, naming it, and changes nothing", async () => {
    await t.request("POST", "/api/v1/contacts", { body: { lifecycleStage: "evangelist" } });
    const before = await stageIds();
    const res = await put([{ id: "lead", label: "Lead" }, { id: "customer", label: "Customer" }]);
    expect(res.status).toBe(409);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body.detail).toContain('"evangelist"');
    expect(res.body.errors[0].field).toBe("lifecycleStages");
    expect(await stageIds()).toEqual(before);
  });

  it("removes an unused stage, after which it is refused on contacts", async () => {
    const remaining = (await t.request("GET", "/api/v1/workspace")).body.settings.lifecycleStages.filter((s: { id: string }) => s.id !== "opportunity");
    expect((await put(remaining)).status).toBe(200);
    const res = await t.request("POST", "/api/v1/contacts", { body: { lifecycleStage: "opportunity" } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: "lifecycleStage", message: expect.stringContaining("unknown lifecycle stage") }]);
  });

  it("rejects duplicate, malformed or empty stage lists", async () => {
    for (const bad of [[{ id: "lead", label: "A" }, { id: "lead", label: "B" }], [{ id: "Bad Id", label: "x" }], []]) {
      const res = await put(bad);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toMatch(/^(body\.)?lifecycleStages/);
    }
  });
});
