import type { WorkflowDefinition } from "../../schemas/workflow/index.js";
import { checkDeadEnds } from "./dead-ends.js";
import { checkEngagement } from "./engagement.js";
import { buildGraph } from "./graph.js";
import { checkLifecycleStages } from "./lifecycle.js";
import { checkLoops } from "./loops.js";
import type { WorkflowProblem } from "./problem.js";
import { checkProperties } from "./properties.js";
import { type WorkflowReferences, checkReferences } from "./references.js";
import { collectSites } from "./sites.js";
import { checkStructure } from "./structure.js";
import { checkTemplates } from "./templates.js";
import { checkValues } from "./values.js";

export type { WorkflowProblem } from "./problem.js";
export type { WorkflowReferences } from "./references.js";

/**
 * Everything wrong with a (schema-valid) workflow definition, all at once: the shape of the
 * graph, the lists, users, workflows, segments, forms, properties and lifecycle stages it names,
 * and values such as time zones and cron schedules. An empty list means it can be published.
 * Looks up each kind of reference once, through `refs`.
 */
export async function validateWorkflow(definition: WorkflowDefinition, refs: WorkflowReferences): Promise<WorkflowProblem[]> {
  const graph = buildGraph(definition.nodes);
  const sites = collectSites(definition);
  const [references, properties] = await Promise.all([checkReferences(sites, refs), checkProperties(sites, refs)]);
  return [
    ...checkStructure(definition, graph),
    ...checkDeadEnds(definition.start, graph),
    ...checkLoops(definition.start, graph),
    ...checkValues(sites),
    ...references,
    ...properties,
    ...checkLifecycleStages(sites, refs.lifecycleStages),
    ...checkEngagement(sites, graph),
    ...checkTemplates(sites),
  ];
}
