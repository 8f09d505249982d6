import { StepUnavailableError, type StepHandlers } from "../runtime/step.js";

// Waking a run on an event or a condition needs the event matcher, which is not built yet; the
// run fails visibly rather than skip the wait.
export const waitForStep: StepHandlers["wait_for"] = async () => {
  throw new StepUnavailableError("a wait-for step");
};
