import { z } from "zod";
import { IsoTime } from "./contact.js";
import { LIFECYCLE_PRESET_IDS } from "./lifecycle.js";
import { WorkspaceSettings } from "./workspace.js";

export const WorkspaceOut = z.object({ id: z.string(), name: z.string(), settings: WorkspaceSettings, createdAt: IsoTime });
export type WorkspaceOut = z.infer<typeof WorkspaceOut>;

/** Either the whole ordered list, or a preset (GET /lifecycle-presets) to adopt. */
export const LifecycleStagesPut = z
  .strictObject({
    lifecycleStages: WorkspaceSettings.shape.lifecycleStages.optional().describe("The whole ordered list, earliest stage first"),
    preset: z.enum(LIFECYCLE_PRESET_IDS).optional().describe("A preset's id, instead of a list"),
  })
  .refine((b) => (b.lifecycleStages === undefined) !== (b.preset === undefined), {
    path: ["lifecycleStages"],
    message: "give either lifecycleStages or preset, not both",
  });
export type LifecycleStagesPut = z.infer<typeof LifecycleStagesPut>;

export const KeyKind = z.enum(["write", "secret"]);

/** An API key as listed: never the key itself, which is shown once at creation. */
export const ApiKey = z.object({
  id: z.string(),
  kind: KeyKind,
  prefix: z.string().describe("First characters of the key, to recognise it"),
  name: z.string().nullable(),
  createdAt: IsoTime,
  revokedAt: IsoTime.nullable(),
});
export type ApiKeyOut = z.infer<typeof ApiKey>;

export const ApiKeyCreate = z.strictObject({ kind: KeyKind, name: z.string().min(1).max(200).optional() });

export const ApiKeyCreated = ApiKey.extend({ key: z.string().describe("The key in clear: shown only in this response") });
