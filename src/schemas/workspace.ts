import { z } from "zod";
import { SendingPolicy } from "./sending-policy.js";

export const LifecycleStage = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "stage ids are lowercase letters, digits and _"),
  label: z.string().min(1).max(80),
});
export type LifecycleStage = z.infer<typeof LifecycleStage>;

/** The B2B funnel every new workspace starts with. */
export const DEFAULT_LIFECYCLE_STAGES: LifecycleStage[] = [
  { id: "subscriber", label: "Subscriber" },
  { id: "lead", label: "Lead" },
  { id: "mql", label: "Marketing qualified lead" },
  { id: "sql", label: "Sales qualified lead" },
  { id: "opportunity", label: "Opportunity" },
  { id: "customer", label: "Customer" },
  { id: "evangelist", label: "Evangelist" },
];

export const WorkspaceSettings = z.object({
  version: z.literal(1),
  /** Ordered: earlier stages come first in the funnel. */
  lifecycleStages: z
    .array(LifecycleStage)
    .min(1)
    .max(50)
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, "stage ids must be unique"),
  /** Frequency cap and quiet hours for marketing messages; none when absent. */
  sendingPolicy: SendingPolicy.optional(),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

export function defaultWorkspaceSettings(): WorkspaceSettings {
  return { version: 1, lifecycleStages: DEFAULT_LIFECYCLE_STAGES };
}
