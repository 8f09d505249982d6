import { NonRetriableError } from "../../core/index.js";
import { selectExistingIds, takeRoundRobinTurn } from "../../store/index.js";
import type { ActionHandlers, StepContext, StepRecord } from "../runtime/step.js";
import { pickRoundRobin } from "./round-robin.js";

/**
 * Gives the contact to one user of the workspace (an unknown user is a ValidationError), or to
 * the next user of a team in turn (see pickRoundRobin): the turn is taken from a cursor shared
 * by every worker, in the step's transaction.
 */
export const assignOwner: ActionHandlers["assign_owner"] = async (ctx, { owner }, nodeId) => {
  if ("roundRobin" in owner) return assignInTurn(ctx, owner.roundRobin, nodeId);
  const before = ctx.contact.ownerId;
  await ctx.session.setOwner(ctx.contact, owner.userId);
  return { decision: `owner ${owner.userId}`, ...(before === owner.userId ? { reason: "the contact already had this owner" } : {}) };
};

async function assignInTurn(ctx: StepContext, team: string[], nodeId: string): Promise<StepRecord> {
  const { run } = ctx;
  const existing = await selectExistingIds(ctx.db, "users", run.workspaceId, team);
  // Validation checked the team at publish; every member has been deleted since.
  if (!existing.size) throw new NonRetriableError("none of the round-robin users exists any more in this workspace");
  const turn = await takeRoundRobinTurn(ctx.db, { workspaceId: run.workspaceId, workflowId: run.workflowId, nodeId }, ctx.now);
  const pick = pickRoundRobin(team, existing, turn)!;
  await ctx.session.setOwner(ctx.contact, pick.userId, "owner.roundRobin");
  const skipped = pick.skipped.length ? `; skipped ${pick.skipped.join(", ")} (no longer in the workspace)` : "";
  return { decision: `owner ${pick.userId}`, reason: `round-robin turn ${turn}: user ${pick.place} of the ${pick.available} available${skipped}` };
}
