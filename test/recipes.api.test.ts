import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

/** Browsing the recipes and creating one through the HTTP API. */
describe.each(dialects)("recipes API on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp(dialect)));
  afterAll(async () => t?.close());

  const count = async (url: string) => (await t.request("GET", url)).body.data.length as number;

  it("lists the recipes starters first, finds them by words and by channel, and reads one whole", async () => {
    const all = (await t.request("GET", "/api/v1/recipes")).body.data as { id: string; source: string; channels: string[] }[];
    expect(all.slice(0, 2).map((r) => r.id)).toEqual(["lead-magnet-autoresponder", "nurturing-sequence"]);
    expect(all[0]).toEqual({
      id: "lead-magnet-autoresponder",
      source: "starter-1",
      name: "Lead-magnet auto-responder",
      description: expect.stringContaining("premium resource"),
      goal: "Get the resource read",
      metric: "Click rate on the resource link",
      channels: ["email"],
    });
    const nurture = (await t.request("GET", "/api/v1/recipes?q=nurturing%20mql")).body.data.map((r: { id: string }) => r.id);
    expect(nurture).toContain("nurturing-sequence");
    expect(nurture).not.toContain("lead-magnet-autoresponder");
    const slack = (await t.request("GET", "/api/v1/recipes?channel=slack")).body.data as { channels: string[] }[];
    expect(slack.every((r) => r.channels.includes("slack"))).toBe(true);

    const one = await t.request("GET", "/api/v1/recipes/nurturing-sequence");
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ needs: { lists: [{ key: "nurturing", name: "nurturing_simple" }] }, workflows: [{ key: "main" }] });
    expect(one.body.examples.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses bad queries, unknown recipes and bad params, naming the field", async () => {
    const channel = await t.request("GET", "/api/v1/recipes?channel=fax");
    expect(channel.status).toBe(400);
    expect(channel.headers["content-type"]).toContain("application/problem+json");
    expect(channel.body.errors[0].field).toBe("query.channel");
    expect((await t.request("GET", "/api/v1/recipes/no-such-recipe")).status).toBe(404);
    expect((await t.request("POST", "/api/v1/recipes/no-such-recipe/create", { body: {} })).status).toBe(404);
    const typed = await t.request("POST", "/api/v1/recipes/nurturing-sequence/create", { body: { params: { owner: 5 } } });
    expect(typed.status).toBe(400);
    expect(typed.body.errors[0].field).toBe("params.owner");
    const unknown = await t.request("POST", "/api/v1/recipes/nurturing-sequence/create", { body: { params: { owner: "someone" } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: "params.owner", message: "this recipe takes no such param (it takes: none)" }]);
  });

  it("creates the needs and the workflows as drafts, reuses a list of the same name, and answers each reference", async () => {
    const existing = (await t.request("POST", "/api/v1/lists", { body: { name: "nurturing_simple" } })).body;
    const res = await t.request("POST", "/api/v1/recipes/nurturing-sequence/create", { body: {} });
    expect(res.status).toBe(201);
    expect(res.body.lists).toEqual([{ key: "nurturing", id: existing.id, name: "nurturing_simple", reused: true }]);
    expect(res.body.templates.map((x: { key: string }) => x.key)).toEqual(["email-1", "email-2", "email-3"]);
    expect(res.body.scoringRules).toEqual([{ id: expect.any(String), name: "Clicked a nurturing email" }]);
    expect(res.body.references).toMatchObject({ "$list:nurturing": existing.id, "$template:email-1": res.body.templates[0].id });

    const workflow = (await t.request("GET", `/api/v1/workflows/${res.body.workflows[0].id}`)).body;
    expect(workflow).toMatchObject({ name: "Nurturing sequence", status: "draft", currentVersion: null });
    expect(workflow.draft.triggers).toEqual([{ type: "list.joined", listId: existing.id }]);
    expect(workflow.draft.nodes.find((n: { id: string }) => n.id === "email_2").action.templateId).toBe(res.body.templates[1].id);
    const main = (await t.request("GET", "/api/v1/scores")).body.data.find((s: { key: string }) => s.key === "default");
    expect(main.promote).toEqual([{ threshold: 20, stage: "mql" }]);

    // Created again: a second workflow and new templates with free names; the list and the promotion are kept as they are.
    const again = await t.request("POST", "/api/v1/recipes/nurturing-sequence/create", { body: { params: {} } });
    expect(again.body.workflows[0].name).toBe("Nurturing sequence (2)");
    expect(again.body.templates[0].name).toBe("Nurturing 1: the basics (2)");
    expect((await t.request("GET", "/api/v1/scores")).body.data.find((s: { key: string }) => s.key === "default").promote).toHaveLength(1);
  });

  it("makes nothing when the workspace's funnel lacks a stage the recipe needs, and says which", async () => {
    const templates = await count("/api/v1/templates?limit=200");
    const workflows = await count("/api/v1/workflows?limit=200");
    expect((await t.request("PUT", "/api/v1/workspace/lifecycle-stages", { body: { preset: "aida" } })).status).toBe(200);
    const res = await t.request("POST", "/api/v1/recipes/nurturing-sequence/create", { body: {} });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: "lifecycleStages", message: expect.stringContaining("lead, mql") });
    expect(await count("/api/v1/templates?limit=200")).toBe(templates);
    expect(await count("/api/v1/workflows?limit=200")).toBe(workflows);
  });
});
