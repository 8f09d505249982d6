import type { StepHandlers } from "../runtime/step.js";
import { actionStep } from "./action.js";
import { branchStep } from "./branch.js";
import { conditionStep } from "./condition.js";
import { delayStep } from "./delay.js";
import { endStep } from "./end.js";
import { goalStep } from "./goal.js";
import { jumpStep } from "./jump.js";
import { splitStep } from "./split.js";
import { waitForStep } from "./wait-for.js";

/** One handler per node type (a missing one is a compile error). */
export const stepHandlers: StepHandlers = {
  action: actionStep,
  condition: conditionStep,
  branch: branchStep,
  split: splitStep,
  delay: delayStep,
  wait_for: waitForStep,
  jump: jumpStep,
  goal: goalStep,
  end: endStep,
};
