import type { MergeFields } from "../../channels/index.js";
import { contactMergeFields } from "../../contacts/index.js";
import type { StepContext } from "../runtime/step.js";

/** What templates of a step may use: `contact.*`, `run.id`, `workflow.id`, `workflow.version`, `node.id`. */
export function mergeFields(ctx: StepContext, nodeId: string): MergeFields {
  return {
    contact: contactMergeFields(ctx.contact),
    run: { id: ctx.run.id },
    workflow: { id: ctx.run.workflowId, version: ctx.run.version },
    node: { id: nodeId },
  };
}

/** The webhook body sent when the action gives none: who, in which workflow, at which step. */
export function defaultWebhookBody(ctx: StepContext, nodeId: string): Record<string, unknown> {
  const c = ctx.contact;
  return {
    type: "workflow.webhook",
    timestamp: new Date(ctx.now).toISOString(),
    data: {
      contact: { id: c.id, email: c.email, externalId: c.externalId, properties: c.properties, lifecycleStage: c.lifecycleStage, score: c.score },
      workflow: { id: ctx.run.workflowId, version: ctx.run.version },
      run: { id: ctx.run.id },
      node: { id: nodeId },
    },
  };
}
