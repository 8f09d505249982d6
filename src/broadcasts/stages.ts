import { NonRetriableError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { BroadcastDefinition } from "../schemas/broadcast.js";
import {
  assignWinner,
  cancelRecipients,
  countBroadcastEngagement,
  countChunk,
  fromJson,
  hasScheduledRecipients,
  selectBroadcastForUpdate,
  selectChunkEnd,
  selectChunkZones,
  selectFirstSentAt,
  selectList,
  selectSegment,
  selectWorkspace,
  snapshotRecipients,
  toJson,
  updateBroadcastRow,
  type BroadcastRow,
  type BroadcastUpdateRow,
  type Db,
  type RecipientSource,
  type SnapshotChunk,
} from "../store/index.js";
import { durationMs, localDueTimes, pickWinner, sampleTaken } from "./schedule.js";

/** Audience contacts copied per transaction: a short write, however large the audience. */
export const SNAPSHOT_CHUNK = 5000;
/** A segment still being computed is waited for, checking this often, ms. */
const SEGMENT_WAIT_MS = 5000;

export function definitionOf(row: BroadcastRow): BroadcastDefinition {
  return BroadcastDefinition.parse(fromJson(row.definition));
}

/**
 * Runs the broadcast's own due step, claimed by the caller: copies the next chunk of the audience
 * (or of the non-openers, for the resend) into its recipients, or chooses the A/B winner. Each
 * step is one transaction holding the broadcast's row, and checks the step is still the one due
 * (a cancel, or another worker, may have come first). A step that cannot succeed (its list or
 * segment deleted) cancels the broadcast with the reason; other failures are retried.
 */
export async function runStage(deps: Deps, claimed: BroadcastRow): Promise<void> {
  try {
    await deps.db.transaction().execute(async (trx) => {
      const b = await selectBroadcastForUpdate(trx, deps.dialect, claimed.id);
      if (!b || b.next_at !== claimed.next_at) return;
      const def = definitionOf(b);
      if (b.stage === "snapshot") await snapshotAudience(deps, trx, b, def);
      else if (b.stage === "pick") await chooseWinner(deps, trx, b, def);
      else if (b.stage === "resend") await snapshotNonOpeners(deps, trx, b, def);
      else await updateBroadcastRow(trx, b.id, { next_at: null });
    });
  } catch (err) {
    const now = deps.clock.now();
    if (err instanceof NonRetriableError) {
      deps.logger.warn({ broadcastId: claimed.id, err }, "broadcast stopped");
      await stopBroadcast(deps, claimed.id, err.message);
      return;
    }
    deps.logger.error({ broadcastId: claimed.id, err }, "broadcast step failed; it is retried");
    const retryIn = Math.min(2 ** claimed.attempts * 1000, 15 * 60_000);
    await updateBroadcastRow(deps.db, claimed.id, { next_at: now + retryIn, attempts: claimed.attempts + 1, error: toJson({ message: (err as Error).message }) });
  }
}

/** Cancels a broadcast that cannot go on, saying why; rows in flight are still recorded. */
export async function stopBroadcast(deps: Deps, id: string, reason: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const b = await selectBroadcastForUpdate(trx, deps.dialect, id);
    if (!b || b.status === "cancelled" || b.stage === "done") return;
    await cancelRecipients(trx, id);
    await updateBroadcastRow(trx, id, { status: "cancelled", stage: "done", next_at: null, cancelled_at: now, updated_at: now, error: toJson({ message: reason }) });
  });
}

async function audienceSource(deps: Deps, db: Db, b: BroadcastRow, def: BroadcastDefinition): Promise<RecipientSource | "wait"> {
  if ("listId" in def.audience) {
    if (!(await selectList(db, deps.dialect, b.workspace_id, def.audience.listId))) throw new NonRetriableError(`list ${JSON.stringify(def.audience.listId)} was deleted before sending started`);
    return { kind: "list", listId: def.audience.listId };
  }
  const segment = await selectSegment(db, deps.dialect, b.workspace_id, def.audience.segmentId);
  if (!segment) throw new NonRetriableError(`segment ${JSON.stringify(def.audience.segmentId)} was deleted before sending started`);
  return segment.status === "ready" ? { kind: "segment", segmentId: segment.id } : "wait";
}

/** One chunk of the audience; the first makes the broadcast `sending`, the last ends the snapshot. */
async function snapshotAudience(deps: Deps, db: Db, b: BroadcastRow, def: BroadcastDefinition): Promise<void> {
  const now = deps.clock.now();
  const source = await audienceSource(deps, db, b, def);
  if (source === "wait") return updateBroadcastRow(db, b.id, { next_at: now + SEGMENT_WAIT_MS });
  const upTo = await selectChunkEnd(db, deps.dialect, b.workspace_id, source, b.cursor, SNAPSHOT_CHUNK);
  const size = upTo === undefined ? await countChunk(db, deps.dialect, b.workspace_id, source, b.cursor, undefined) : SNAPSHOT_CHUNK;
  let due: SnapshotChunk["due"] = { at: now };
  if (def.schedule && "localTime" in def.schedule) {
    const zones = await selectChunkZones(db, deps.dialect, b.workspace_id, source, b.cursor, upTo);
    const fallback = def.schedule.localTime.fallbackTimezone ?? (await workspaceZone(deps, db, b.workspace_id));
    due = localDueTimes(def.schedule.localTime, zones, fallback);
  }
  const ab = def.abTest;
  const sample: SnapshotChunk["sample"] = ab
    ? { size: sampleTaken(b.recipient_count + size, ab.samplePercent) - sampleTaken(b.recipient_count, ab.samplePercent), phase: "test", variants: ab.variants.map((v) => v.id), restPhase: "winner" }
    : { phase: "main" };
  const added = await snapshotRecipients(db, deps.dialect, { broadcastId: b.id, workspaceId: b.workspace_id, source, after: b.cursor, upTo, sample, due });
  const started = b.started_at ?? now;
  const last = upTo === undefined;
  await updateBroadcastRow(db, b.id, {
    status: "sending",
    stage: last ? (ab ? "test" : "main") : "snapshot",
    cursor: last ? null : upTo,
    next_at: last ? null : now,
    recipient_count: b.recipient_count + added,
    started_at: started,
    ...(ab && b.test_ends_at === null ? { test_ends_at: started + durationMs(started, ab.duration) } : {}),
    attempts: 0,
    updated_at: now,
  });
}

/** The workspace's default zone (its sending policy's), for contacts without one; UTC when it has none. */
async function workspaceZone(deps: Deps, db: Db, workspaceId: string): Promise<string> {
  const ws = await selectWorkspace(db, workspaceId);
  return ws?.settings.sendingPolicy?.defaultTimezone ?? "UTC";
}

/** The A/B test is over: the variant with the most unique opens (or clicks) in the sample goes to the rest now. */
async function chooseWinner(deps: Deps, db: Db, b: BroadcastRow, def: BroadcastDefinition): Promise<void> {
  const ab = def.abTest!;
  const now = deps.clock.now();
  const counts = await countBroadcastEngagement(db, deps.dialect, {
    workspaceId: b.workspace_id,
    broadcastId: b.id,
    since: b.started_at ?? 0,
    names: [ab.metric === "opens" ? "email.opened" : "email.clicked"],
    phases: ["test"],
  });
  const engaged = new Map(counts.filter((c) => c.variant !== null).map((c) => [c.variant!, c.n]));
  const winner = pickWinner(ab.variants.map((v) => v.id), engaged);
  await assignWinner(db, b.id, winner, now);
  await updateBroadcastRow(db, b.id, { winner, status: "sending", stage: "main", next_at: null, attempts: 0, updated_at: now });
}

/** One chunk of the resend: the recipients sent a message who opened none, each due its own send time plus the delay. */
async function snapshotNonOpeners(deps: Deps, db: Db, b: BroadcastRow, def: BroadcastDefinition): Promise<void> {
  const now = deps.clock.now();
  const source: RecipientSource = { kind: "non_openers", broadcastId: b.id, since: b.started_at ?? 0 };
  const upTo = await selectChunkEnd(db, deps.dialect, b.workspace_id, source, b.cursor, SNAPSHOT_CHUNK);
  const shift = durationMs(b.started_at ?? now, def.resend!.after);
  await snapshotRecipients(db, deps.dialect, { broadcastId: b.id, workspaceId: b.workspace_id, source, after: b.cursor, upTo, sample: { phase: "resend" }, due: { sentPlusMs: shift } });
  const last = upTo === undefined;
  await updateBroadcastRow(db, b.id, { status: "sending", stage: last ? "resending" : "resend", cursor: last ? null : upTo, next_at: last ? null : now, attempts: 0, updated_at: now });
}

/**
 * Moves a sending broadcast on once its phase has nothing left to send (the snapshot done, no
 * queued row with a due time): the A/B sample → `testing` until the test ends; the first send →
 * `sent` (and the resend scheduled, if any, from the first send time); the resend → `sent`.
 * Returns whether it moved.
 */
export async function finishPhaseIfDone(deps: Deps, id: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const b = await selectBroadcastForUpdate(trx, deps.dialect, id);
    if (!b || b.status !== "sending" || !["test", "main", "resending"].includes(b.stage ?? "")) return false;
    if (await hasScheduledRecipients(trx, id)) return false;
    const now = deps.clock.now();
    const set: BroadcastUpdateRow = { updated_at: now };
    if (b.stage === "test") Object.assign(set, { status: "testing", stage: "pick", next_at: Math.max(b.test_ends_at ?? now, now) });
    else if (b.stage === "resending") Object.assign(set, { status: "sent", stage: "done" });
    else {
      const def = definitionOf(b);
      const first = def.resend ? await selectFirstSentAt(trx, id) : undefined;
      const resendAt = first === undefined ? undefined : first + durationMs(b.started_at ?? first, def.resend!.after);
      Object.assign(set, { status: "sent", sent_at: now }, resendAt === undefined ? { stage: "done" } : { stage: "resend", next_at: resendAt, resend_at: resendAt, cursor: null });
    }
    await updateBroadcastRow(trx, id, set);
    return true;
  });
}
