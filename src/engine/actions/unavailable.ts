import { StepUnavailableError, type ActionHandler } from "../runtime/step.js";
import type { Action } from "../../schemas/workflow/index.js";

/**
 * An action whose effect leaves Parcours (an email, a webhook) or touches another run: it must go
 * through the outbox, with an idempotency key per (run, step), which is not built yet. Until then
 * the run fails visibly rather than skip it.
 */
export function unavailable<A extends Action>(what: string): ActionHandler<A> {
  return async () => {
    throw new StepUnavailableError(what);
  };
}
