import { z } from "zod";
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from "fastify-type-provider-zod";
import type { SwaggerTransform } from "@fastify/swagger";
import {
  archiveWorkflow,
  createWorkflow,
  listWorkflows,
  pauseWorkflow,
  publishWorkflow,
  readWorkflow,
  readWorkflowStats,
  readWorkflowVersion,
  resumeWorkflow,
  updateWorkflowDraft,
  validateWorkflowDraft,
} from "../../engine/index.js";
import { Rule } from "../../schemas/rule.js";
import { WorkflowDefinition } from "../../schemas/workflow/index.js";
import {
  Workflow,
  WorkflowCreate,
  WorkflowStats,
  WorkflowStatus,
  WorkflowSummary,
  WorkflowUpdate,
  WorkflowValidateBody,
  WorkflowValidation,
  WorkflowVersion,
  workflowJsonSchema,
} from "../../schemas/workflow-api.js";
import type { App, RouteContext } from "../app.js";
import { idPage, pageOf, PageQuery, toPage } from "../pagination.js";

const tags = ["workflows"];
const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });
const ListQuery = PageQuery.extend({ status: WorkflowStatus.optional() }).strict();
const VersionParams = z.object({ id: z.string(), version: z.coerce.number().int().min(1) });
const config = { swaggerTransform: workflowDocumentsTransform() };

/** Workflow definitions: drafts, validation, immutable published versions, status. */
export function workflowRoutes(app: App, { deps }: RouteContext): void {
  app.get(
    "/workflows/schema",
    {
      config,
      schema: { tags, security, summary: "The JSON Schema of the workflow document (format version 1)", response: { 200: z.record(z.string(), z.unknown()) } },
    },
    async () => workflowJsonSchema(),
  );

  app.post(
    "/workflows",
    { config, schema: { tags, security, summary: "Create a workflow as a draft", body: WorkflowCreate, response: { 201: Workflow } } },
    async (req, reply) => reply.status(201).send(await createWorkflow(deps, req.principal.workspaceId, req.body)),
  );

  app.get(
    "/workflows",
    { config, schema: { tags, security, summary: "List workflows in creation order, optionally of one status", querystring: ListQuery, response: { 200: pageOf(WorkflowSummary) } } },
    async (req) => {
      const { status, ...page } = req.query;
      const rows = await listWorkflows(deps, req.principal.workspaceId, { ...idPage(page), ...(status ? { status } : {}) });
      return toPage(rows, page.limit, (last) => [last.id]);
    },
  );

  app.get(
    "/workflows/:id",
    { config, schema: { tags, security, summary: "Read a workflow: its draft, status and published versions", params: IdParams, response: { 200: Workflow } } },
    async (req) => readWorkflow(deps, req.principal.workspaceId, req.params.id),
  );

  app.patch(
    "/workflows/:id",
    {
      config,
      schema: {
        tags,
        security,
        summary: "Edit the draft (name, description, definition); a live workflow keeps running its published version",
        params: IdParams,
        body: WorkflowUpdate,
        response: { 200: Workflow },
      },
    },
    async (req) => updateWorkflowDraft(deps, req.principal.workspaceId, req.params.id, req.body),
  );

  app.post(
    "/workflows/:id/validate",
    {
      config,
      schema: {
        tags,
        security,
        summary: "Check the draft, or the definition sent, without saving: every problem with the field and node it is in",
        params: IdParams,
        body: WorkflowValidateBody,
        response: { 200: WorkflowValidation },
      },
    },
    async (req) => validateWorkflowDraft(deps, req.principal.workspaceId, req.params.id, req.body?.definition),
  );

  app.post(
    "/workflows/:id/publish",
    {
      config,
      schema: {
        tags,
        security,
        summary: "Publish the draft as a new immutable version and make the workflow active (422 listing the problems if it has any)",
        params: IdParams,
        response: { 200: Workflow },
      },
    },
    async (req) => publishWorkflow(deps, req.principal.workspaceId, req.params.id),
  );

  const transitions = [
    ["pause", pauseWorkflow, "Pause a published workflow: no new enrolments"],
    ["resume", resumeWorkflow, "Resume a paused workflow on its current version"],
    ["archive", archiveWorkflow, "Archive a workflow: final, it can no longer be edited, published or resumed"],
  ] as const;
  for (const [command, change, summary] of transitions) {
    app.post(
      `/workflows/:id/${command}`,
      { config, schema: { tags, security, summary, params: IdParams, response: { 200: Workflow } } },
      async (req) => change(deps, req.principal.workspaceId, req.params.id),
    );
  }

  app.get(
    "/workflows/:id/versions/:version",
    { config, schema: { tags, security, summary: "Read a published version: the immutable definition its runs execute", params: VersionParams, response: { 200: WorkflowVersion } } },
    async (req) => readWorkflowVersion(deps, req.principal.workspaceId, req.params.id, req.params.version),
  );

  app.get(
    "/workflows/:id/versions/:version/stats",
    {
      config,
      schema: {
        tags,
        security,
        summary: "Per-node counts of a published version: steps and runs that entered each node, runs waiting there now, runs that ended there; runs per status",
        params: VersionParams,
        response: { 200: WorkflowStats },
      },
    },
    async (req) => readWorkflowStats(deps, req.principal.workspaceId, req.params.id, req.params.version),
  );
}

/**
 * OpenAPI for these routes. The generic transform inlines the workflow document and leaves the
 * recursive rule pointing at a component nobody defines; here the document and the rule are
 * components of their own, added once, and the routes refer to them by name.
 */
export function workflowDocumentsTransform(): SwaggerTransform {
  const registry = z.registry<{ id: string }>();
  registry.add(WorkflowDefinition, { id: "WorkflowDefinition" });
  registry.add(Rule, { id: "Rule" });
  const transform = createJsonSchemaTransform({ schemaRegistry: registry }) as SwaggerTransform;
  const withComponents = createJsonSchemaTransformObject({ schemaRegistry: registry });
  return (input) => {
    if ("openapiObject" in input) {
      const schemas = ((input.openapiObject.components ??= {}).schemas ??= {});
      if (!("WorkflowDefinition" in schemas)) {
        const added = withComponents({ openapiObject: { ...input.openapiObject, components: {} } });
        if ("components" in added) Object.assign(schemas, added.components?.schemas);
      }
    }
    return transform(input);
  };
}
