import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { validateWorkflow, type WorkflowReferences } from "../src/engine/index.js";
import { Rule } from "../src/schemas/rule.js";
import { workflowJsonSchema } from "../src/schemas/workflow-api.js";
import { Action, Node, Trigger, Wait, WaitFor, WorkflowDefinition } from "../src/schemas/workflow/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const committed = () => JSON.parse(fs.readFileSync(new URL("../docs/workflow.schema.json", import.meta.url), "utf8"));
const REGENERATE = "docs/workflow.schema.json is out of date with the zod schema: run `npm run docs:schema` and commit the result";

describe("the committed JSON Schema of the workflow format", () => {
  it("is the one generated from the zod schema", () => {
    expect(committed(), REGENERATE).toEqual(workflowJsonSchema());
  });
});

describe("docs/workflow-format.md", () => {
  const markdown = fs.readFileSync(new URL("../docs/workflow-format.md", import.meta.url), "utf8");
  const blocks = [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
  /** What a block on the page may be: a whole document or one of its parts. */
  const parts: [string, z.ZodType][] = [
    ["workflow", WorkflowDefinition],
    ["trigger", Trigger],
    ["entry", WorkflowDefinition.shape.entry],
    ["node", Node],
    ["action", Action],
    ["rule", Rule],
    ["wait", Wait],
    ["wait-for", WaitFor],
  ];

  it("has examples, and every one of them fits the format", () => {
    expect(blocks.length).toBeGreaterThan(20);
    for (const block of blocks) {
      const value: unknown = JSON.parse(block);
      const fits = parts.filter(([, schema]) => schema.safeParse(value).success).map(([name]) => name);
      expect(fits, block).not.toEqual([]);
    }
  });

  it("ends with a complete example that passes validation", async () => {
    const definition = WorkflowDefinition.parse(JSON.parse(blocks[blocks.length - 1]!));
    const refs: WorkflowReferences = {
      lists: async () => new Set(),
      users: async () => new Set(),
      workflows: async () => new Set(),
      segments: async () => new Set(),
      forms: async (ids) => new Set(ids.filter((id) => id === "premium-guide")),
      emailTemplates: async (ids) => new Set(ids.filter((id) => id.startsWith("0199a1b2-0000-7000-8000-0000000000e"))),
      smsTemplates: async () => new Set(),
      inAppTemplates: async () => new Set(),
      properties: async () => new Map(),
      lifecycleStages: ["subscriber", "lead", "mql", "sql", "customer"],
    };
    expect(await validateWorkflow(definition, refs)).toEqual([]);
    expect(definition.triggers).toEqual([{ type: "form.submitted", formId: "premium-guide" }]);
  });
});

describe.each(dialects)("GET /api/v1/workflows/schema on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it("serves the committed JSON Schema, to secret keys only", async () => {
    const res = await t.request("GET", "/api/v1/workflows/schema");
    expect(res.status).toBe(200);
    expect(res.body, REGENERATE).toEqual(committed());
    expect((await t.request("GET", "/api/v1/workflows/schema", { auth: null })).status).toBe(401);
  });
});
