import type { Deps } from "../deps.js";
import type { MergeField } from "../schemas/merge-field.js";
import { selectPropertyDefinitions } from "../store/index.js";

/**
 * The variables the renderers give a template besides contact properties: the contact's own
 * fields (contactMergeFields), a workflow step's (the engine's mergeFields and its trigger event),
 * a broadcast's, and the unsubscribe link of marketing email. Listed once here so that the
 * editor's picker offers exactly what a send fills in.
 */
const FIXED: readonly Omit<MergeField, "type">[] = [
  { path: "contact.email", label: "Email address", description: "The contact's email address", scope: "always" },
  { path: "contact.id", label: "Contact id", description: "The contact's id in Parcours", scope: "always" },
  { path: "contact.externalId", label: "External id", description: "Your own id for the contact (the Segment userId)", scope: "always" },
  { path: "contact.lifecycleStage", label: "Lifecycle stage", description: "The stage's key, e.g. lead or mql", scope: "always" },
  { path: "contact.score", label: "Score", description: "The contact's lead score", scope: "always" },
  { path: "contact.timezone", label: "Time zone", description: "The contact's IANA time zone", scope: "always" },
  { path: "unsubscribe_url", label: "Unsubscribe link", description: "The contact's signed unsubscribe link (empty in transactional email)", scope: "marketing_email" },
  { path: "broadcast.name", label: "Broadcast name", description: "The name of the broadcast being sent", scope: "broadcast" },
  { path: "broadcast.id", label: "Broadcast id", description: "The id of the broadcast being sent", scope: "broadcast" },
  { path: "event.name", label: "Trigger event name", description: "The event that started the workflow run (empty when none did)", scope: "workflow" },
  { path: "event.timestamp", label: "Trigger event time", description: "When that event happened", scope: "workflow" },
  { path: "workflow.id", label: "Workflow id", description: "The workflow sending the message", scope: "workflow" },
  { path: "workflow.version", label: "Workflow version", description: "Its published version", scope: "workflow" },
  { path: "run.id", label: "Run id", description: "The contact's run of the workflow", scope: "workflow" },
  { path: "node.id", label: "Step id", description: "The workflow step sending the message", scope: "workflow" },
];

/** Liquid reaches a property by `.name` only when the name is an identifier; others need `["na-me"]`. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every merge field a template of the workspace may use: its contact properties (from the property registry), then the fixed ones. */
export async function mergeFieldCatalogue(deps: Deps, workspaceId: string): Promise<MergeField[]> {
  const properties = (await selectPropertyDefinitions(deps.db, workspaceId)).map(
    (d): MergeField => ({
      path: IDENTIFIER.test(d.name) ? `contact.properties.${d.name}` : `contact.properties[${JSON.stringify(d.name)}]`,
      label: d.name,
      description: `Contact property (${d.type})`,
      scope: "always",
      type: d.type,
    }),
  );
  return [...properties, ...FIXED.map((f) => ({ ...f, type: null }))];
}
