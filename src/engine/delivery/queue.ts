import type { DeliveryPayload } from "../../schemas/outbox.js";
import { countDeliveriesAt, insertDelivery, toJson } from "../../store/index.js";
import type { StepContext } from "../runtime/step.js";

/**
 * Queues the step's external effect in the outbox, inside the step's transaction: it commits
 * with the step or not at all. The key is the run, the node and how many times the run has
 * queued a delivery there (a jump may come back), so a step retried after a crash computes the
 * same key, and the unique index refuses a second row for it. `id` may be chosen beforehand,
 * for links in the message that name it.
 */
export async function queueDelivery(ctx: StepContext, nodeId: string, payload: DeliveryPayload, id = ctx.deps.ids()): Promise<{ id: string; key: string }> {
  const visit = (await countDeliveriesAt(ctx.db, ctx.run.id, nodeId)) + 1;
  const key = `${ctx.run.id}:${nodeId}:${visit}`;
  await insertDelivery(ctx.db, {
    id,
    workspace_id: ctx.run.workspaceId,
    idempotency_key: key,
    run_id: ctx.run.id,
    node_id: nodeId,
    kind: payload.kind,
    payload: toJson(payload),
    status: "pending",
    attempts: 0,
    due_at: ctx.now,
    lease_until: null,
    last_error: null,
    response: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    delivered_at: null,
  });
  return { id, key };
}
