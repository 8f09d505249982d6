import { z } from "zod";
import type { RunState } from "./step.js";

const RunStateSchema = z.object({
  version: z.literal(1),
  jumps: z.record(z.string(), z.number().int()),
  variants: z.record(z.string(), z.string()),
  // Absent from states stored before wait-for steps existed.
  waits: z.record(z.string(), z.strictObject({ since: z.number(), timeoutAt: z.number() })).default({}),
});

export function newRunState(): RunState {
  return { version: 1, jumps: {}, variants: {}, waits: {} };
}

/** Parsed at the database boundary, like every stored document. */
export function parseRunState(stored: unknown): RunState {
  return RunStateSchema.parse(stored);
}
