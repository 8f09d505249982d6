import type { StepHandlers } from "../runtime/step.js";

export const endStep: StepHandlers["end"] = async () => ({ kind: "end", outcome: "completed", record: { decision: "end", reason: "the run reached an end step" } });
