import type { Action, ActionKind } from "../../schemas/workflow/index.js";
import type { ActionHandler, ActionHandlers, StepContext, StepRecord } from "../runtime/step.js";
import { assignOwner } from "./assign-owner.js";
import { changeScore } from "./change-score.js";
import { enrolWorkflow } from "./enrol-workflow.js";
import { notifyUser } from "./notify-user.js";
import { sendEmail } from "./send-email.js";
import { sendInApp } from "./send-in-app.js";
import { sendSlack } from "./send-slack.js";
import { sendSms } from "./send-sms.js";
import { addToList, removeFromList } from "./lists.js";
import { removeFromWorkflow } from "./remove-from-workflow.js";
import { setLifecycleStage } from "./set-lifecycle-stage.js";
import { setProperty } from "./set-property.js";
import { addTag, removeTag } from "./tags.js";
import { webhook } from "./webhook.js";

/** One handler per action kind (a missing one is a compile error). */
export const actionHandlers: ActionHandlers = {
  set_property: setProperty,
  add_tag: addTag,
  remove_tag: removeTag,
  add_to_list: addToList,
  remove_from_list: removeFromList,
  set_lifecycle_stage: setLifecycleStage,
  change_score: changeScore,
  assign_owner: assignOwner,
  notify_user: notifyUser,
  send_email: sendEmail,
  send_sms: sendSms,
  send_in_app: sendInApp,
  send_slack: sendSlack,
  webhook,
  enrol_workflow: enrolWorkflow,
  remove_from_workflow: removeFromWorkflow,
};

/** Actions whose effect leaves Parcours: they queue an outbox delivery and the run waits for it. */
const DELIVERED_KINDS: ReadonlySet<ActionKind> = new Set(["webhook", "notify_user", "send_email", "send_sms", "send_slack"]);

export function awaitsDelivery(action: Action): boolean {
  return DELIVERED_KINDS.has(action.kind);
}

/** Runs the handler registered for the action's kind, for the action step `nodeId`. */
export function performAction(ctx: StepContext, action: Action, nodeId: string): Promise<StepRecord> {
  // The map pairs each kind with its handler; TypeScript cannot follow that through the union.
  return (actionHandlers[action.kind] as ActionHandler<Action>)(ctx, action, nodeId);
}
