import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

/** Joins a list, gets a tag, waits two days; converts if still tagged, else becomes a lead. */
function onboarding(listId: string): { version: number; triggers: object[]; start: string; nodes: Record<string, unknown>[] } {
  return {
    version: 1,
    triggers: [{ type: "list.joined", listId }],
    start: "tag",
    nodes: [
      { id: "tag", type: "action", action: { kind: "add_tag", tag: "onboarding" }, next: "wait" },
      { id: "wait", type: "delay", wait: { kind: "duration", duration: { amount: 2, unit: "days" } }, next: "check" },
      { id: "check", type: "condition", rule: { type: "tag", op: "has", tag: "onboarding" }, yes: "won", no: "stage" },
      { id: "won", type: "goal", name: "Still onboarding" },
      { id: "stage", type: "action", action: { kind: "set_lifecycle_stage", stage: "lead" }, next: "done" },
      { id: "done", type: "end" },
    ],
  };
}

describe.each(dialects)("workflow drafts, validation and published versions on %s", (dialect) => {
  let t: TestApp;
  let listId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    listId = (await t.request("POST", "/api/v1/lists", { body: { name: "Trial sign-ups" } })).body.id;
  });
  afterAll(async () => t?.close());

  it("creates a draft, reports its problems, publishes it as version 1", async () => {
    const broken = onboarding("no-such-list");
    broken.nodes[2] = { ...broken.nodes[2]!, no: "missing" };
    const created = await t.request("POST", "/api/v1/workflows", { body: { name: "Onboarding", description: "Trial users", definition: broken } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Onboarding", description: "Trial users", status: "draft", currentVersion: null, versions: [], createdAt: "2026-01-05T09:00:00.000Z" });
    // Defaults are filled in: the draft is the document as it will run.
    expect(created.body.draft.entry).toEqual({ reEnrolment: { mode: "never" }, allowConcurrentRuns: false });
    const id = created.body.id;

    const checked = await t.request("POST", `/api/v1/workflows/${id}/validate`);
    expect(checked.status).toBe(200);
    expect(checked.body.valid).toBe(false);
    expect(checked.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "triggers.0.listId", message: expect.stringContaining("no-such-list") }),
        expect.objectContaining({ field: "nodes.2.no", nodeId: "check", message: expect.stringContaining("missing") }),
      ]),
    );

    const fixed = await t.request("PATCH", `/api/v1/workflows/${id}`, { body: { definition: onboarding(listId) } });
    expect(fixed.status).toBe(200);
    expect((await t.request("POST", `/api/v1/workflows/${id}/validate`)).body).toEqual({ valid: true, problems: [] });

    t.clock.advance(60_000);
    const published = await t.request("POST", `/api/v1/workflows/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: "active", currentVersion: 1, versions: [{ version: 1, publishedAt: "2026-01-05T09:01:00.000Z" }] });
    const v1 = await t.request("GET", `/api/v1/workflows/${id}/versions/1`);
    expect(v1.status).toBe(200);
    expect(v1.body).toEqual({ workflowId: id, version: 1, publishedAt: "2026-01-05T09:01:00.000Z", definition: published.body.draft });
  });

  it("publishing an edited draft makes version 2 and leaves version 1 as it was", async () => {
    const { body: wf } = await t.request("POST", "/api/v1/workflows", { body: { name: "Versioned", definition: onboarding(listId) } });
    await t.request("POST", `/api/v1/workflows/${wf.id}/publish`);
    const v1 = (await t.request("GET", `/api/v1/workflows/${wf.id}/versions/1`)).body;

    const edited = onboarding(listId);
    edited.nodes[0] = { ...edited.nodes[0]!, action: { kind: "add_tag", tag: "trial" } };
    await t.request("PATCH", `/api/v1/workflows/${wf.id}`, { body: { definition: edited } });
    // Editing a live workflow changes the draft only.
    const live = (await t.request("GET", `/api/v1/workflows/${wf.id}`)).body;
    expect(live).toMatchObject({ status: "active", currentVersion: 1 });
    expect(live.draft.nodes[0].action.tag).toBe("trial");
    expect((await t.request("GET", `/api/v1/workflows/${wf.id}/versions/1`)).body).toEqual(v1);

    t.clock.advance(3_600_000);
    const republished = await t.request("POST", `/api/v1/workflows/${wf.id}/publish`);
    expect(republished.status).toBe(200);
    expect(republished.body.currentVersion).toBe(2);
    expect(republished.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect((await t.request("GET", `/api/v1/workflows/${wf.id}/versions/2`)).body.definition.nodes[0].action.tag).toBe("trial");
    expect((await t.request("GET", `/api/v1/workflows/${wf.id}/versions/1`)).body).toEqual(v1);
  });

  it("publishing an unchanged draft again writes no new version", async () => {
    const definition = onboarding(listId);
    // Key order that PostgreSQL's jsonb does not keep: equal documents must still compare equal.
    definition.nodes[0] = { ...definition.nodes[0]!, action: { kind: "webhook", url: "https://hooks.example.com/x", body: { zeta: 1, alpha: { b: 2, a: 1 } } } };
    const { body: wf } = await t.request("POST", "/api/v1/workflows", { body: { name: "Retried publish", definition } });
    await t.request("POST", `/api/v1/workflows/${wf.id}/publish`);
    const again = await t.request("POST", `/api/v1/workflows/${wf.id}/publish`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ currentVersion: 1, versions: [{ version: 1 }] });
  });

  it("refuses to publish a draft with problems: 422 naming each field in the definition, nothing written", async () => {
    const broken = onboarding(listId);
    broken.nodes.push({ id: "orphan", type: "end" });
    broken.nodes[4] = { ...broken.nodes[4]!, action: { kind: "set_lifecycle_stage", stage: "astronaut" } };
    const { body: wf } = await t.request("POST", "/api/v1/workflows", { body: { name: "Broken", definition: broken } });
    const res = await t.request("POST", `/api/v1/workflows/${wf.id}/publish`);
    expect(res.status).toBe(422);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: "definition.nodes.6", message: expect.stringContaining('"orphan"') },
        { field: "definition.nodes.4.action.stage", message: expect.stringContaining("astronaut") },
      ]),
    );
    for (const e of res.body.errors) expect(e.field).toMatch(/^definition(\.|$)/);
    const after = (await t.request("GET", `/api/v1/workflows/${wf.id}`)).body;
    expect(after).toMatchObject({ status: "draft", currentVersion: null, versions: [] });
    expect((await t.request("GET", `/api/v1/workflows/${wf.id}/versions/1`)).status).toBe(404);
  });

  it("validates a definition sent in the body without saving it", async () => {
    const { body: wf } = await t.request("POST", "/api/v1/workflows", { body: { name: "Try before saving", definition: onboarding(listId) } });
    const candidate = onboarding(listId);
    candidate.start = "nowhere";
    const res = await t.request("POST", `/api/v1/workflows/${wf.id}/validate`, { body: { definition: candidate } });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.problems).toContainEqual(expect.objectContaining({ field: "start" }));
    expect((await t.request("GET", `/api/v1/workflows/${wf.id}`)).body.draft.start).toBe("tag");
  });

  it("a workflow may not enrol contacts into itself", async () => {
    const { body: wf } = await t.request("POST", "/api/v1/workflows", { body: { name: "Self loop", definition: onboarding(listId) } });
    const selfish = onboarding(listId);
    selfish.nodes[0] = { ...selfish.nodes[0]!, action: { kind: "enrol_workflow", workflowId: wf.id } };
    const res = await t.request("POST", `/api/v1/workflows/${wf.id}/validate`, { body: { definition: selfish } });
    expect(res.body.problems).toContainEqual(expect.objectContaining({ field: "nodes.0.action.workflowId", nodeId: "tag" }));
  });

  it("unknown workflows and versions are 404", async () => {
    for (const [method, url] of [
      ["GET", "/api/v1/workflows/nope"],
      ["PATCH", "/api/v1/workflows/nope"],
      ["POST", "/api/v1/workflows/nope/validate"],
      ["POST", "/api/v1/workflows/nope/publish"],
      ["POST", "/api/v1/workflows/nope/pause"],
      ["POST", "/api/v1/workflows/nope/resume"],
      ["POST", "/api/v1/workflows/nope/archive"],
      ["GET", "/api/v1/workflows/nope/versions/1"],
    ] as const) {
      const res = await t.request(method, url, method === "PATCH" ? { body: { name: "x" } } : {});
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    }
    const { body: wf } = await t.request("POST", "/api/v1/workflows", { body: { name: "Never published", definition: onboarding(listId) } });
    expect((await t.request("GET", `/api/v1/workflows/${wf.id}/versions/1`)).status).toBe(404);
  });
});
