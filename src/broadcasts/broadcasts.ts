import { ConflictError, NotFoundError, ValidationError } from "../core/index.js";
import type { Deps } from "../deps.js";
import type { BroadcastCreate, BroadcastDefinition, BroadcastOut, BroadcastUpdate } from "../schemas/broadcast.js";
import {
  cancelRecipients,
  deleteBroadcastRow,
  fromJson,
  insertBroadcast,
  selectBroadcast,
  selectBroadcastPage,
  selectTemplate,
  toJson,
  updateBroadcastRow,
  type BroadcastRow,
  type Db,
} from "../store/index.js";
import { BroadcastNotSendable, referenceProblems, sendProblems } from "./references.js";
import { startInstant } from "./schedule.js";
import { definitionOf } from "./stages.js";

/** Creates a draft; everything it names must exist in the workspace (400 naming the field). */
export async function createBroadcast(deps: Deps, workspaceId: string, input: BroadcastCreate): Promise<BroadcastOut> {
  const { name, ...rest } = input;
  const def: BroadcastDefinition = { version: 1, ...rest };
  const problems = await referenceProblems(deps, deps.db, workspaceId, def);
  if (problems.length) throw new ValidationError(problems);
  const now = deps.clock.now();
  const row: BroadcastRow = {
    id: deps.ids(),
    workspace_id: workspaceId,
    name,
    definition: toJson(def),
    status: "draft",
    stage: null,
    next_at: null,
    cursor: null,
    recipient_count: 0,
    template_versions: null,
    winner: null,
    throttle_at: null,
    scheduled_at: null,
    test_ends_at: null,
    started_at: null,
    sent_at: null,
    resend_at: null,
    cancelled_at: null,
    attempts: 0,
    error: null,
    created_at: now,
    updated_at: now,
  };
  await insertBroadcast(deps.db, row);
  return broadcastToApi(row);
}

export async function listBroadcasts(deps: Deps, workspaceId: string, page: { afterId?: string; limit: number; status?: string }): Promise<BroadcastOut[]> {
  return (await selectBroadcastPage(deps.db, workspaceId, page)).map(broadcastToApi);
}

export async function readBroadcast(deps: Deps, workspaceId: string, id: string): Promise<BroadcastOut> {
  return broadcastToApi(await getBroadcast(deps, deps.db, workspaceId, id));
}

/** Changes a draft (409 once it was sent): given fields replace, `null` removes an optional one. */
export async function updateBroadcast(deps: Deps, workspaceId: string, id: string, input: BroadcastUpdate): Promise<BroadcastOut> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await getBroadcast(deps, trx, workspaceId, id, true);
    if (row.status !== "draft") throw new ConflictError(`broadcast ${id} is ${row.status}; only a draft can be changed`, "status");
    const { name, ...changes } = input;
    const merged: Record<string, unknown> = { ...definitionOf(row) };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete merged[key];
      else if (value !== undefined) merged[key] = value;
    }
    const def = merged as BroadcastDefinition;
    const problems = await referenceProblems(deps, trx, workspaceId, def);
    if (problems.length) throw new ValidationError(problems);
    const now = deps.clock.now();
    const set = { definition: toJson(def), ...(name === undefined ? {} : { name }), updated_at: now };
    await updateBroadcastRow(trx, id, set);
    return broadcastToApi({ ...row, ...set });
  });
}

/** Deletes a draft, a sent or a cancelled broadcast with its recipients (409 while it is sending: cancel it first). */
export async function deleteBroadcast(deps: Deps, workspaceId: string, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await getBroadcast(deps, trx, workspaceId, id, true);
    if (row.status === "scheduled" || row.status === "sending" || row.status === "testing") throw new ConflictError(`broadcast ${id} is ${row.status}; cancel it before deleting it`, "status");
    await deleteBroadcastRow(trx, workspaceId, id);
  });
}

/**
 * Schedules a draft: now, at its `at`, or when its local time first comes round. The templates'
 * latest versions are fixed now; the audience is copied when sending starts. 422 listing what
 * is missing (a deleted template, list or segment…), 409 if it is not a draft.
 */
export async function sendBroadcast(deps: Deps, workspaceId: string, id: string): Promise<{ id: string; status: "scheduled"; scheduledAt: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await getBroadcast(deps, trx, workspaceId, id, true);
    if (row.status !== "draft") throw new ConflictError(`broadcast ${id} is ${row.status}; only a draft can be sent`, "status");
    const def = definitionOf(row);
    const now = deps.clock.now();
    const problems = await sendProblems(deps, trx, workspaceId, def, now);
    if (problems.length) throw new BroadcastNotSendable(problems);
    const versions: Record<string, number> = {};
    for (const templateId of [def.templateId, ...(def.abTest?.variants.flatMap((v) => v.templateId ?? []) ?? [])]) {
      versions[templateId] = (await selectTemplate(trx, deps.dialect, workspaceId, templateId))!.version;
    }
    const start = startInstant(def.schedule, now);
    await updateBroadcastRow(trx, id, { status: "scheduled", stage: "snapshot", next_at: start, scheduled_at: start, template_versions: toJson(versions), updated_at: now });
    return { id, status: "scheduled", scheduledAt: new Date(start).toISOString() };
  });
}

/**
 * Stops a scheduled, sending or testing broadcast: recipients not sent yet are skipped
 * (`cancelled`); a batch already handed to the mail server is still recorded. On a sent
 * broadcast whose resend is still to come, cancels the resend. 409 otherwise.
 */
export async function cancelBroadcast(deps: Deps, workspaceId: string, id: string): Promise<BroadcastOut> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await getBroadcast(deps, trx, workspaceId, id, true);
    const now = deps.clock.now();
    if (row.status === "sent" && row.stage === "resend") {
      const set = { stage: "done", next_at: null, resend_at: null, updated_at: now };
      await updateBroadcastRow(trx, id, set);
      return broadcastToApi({ ...row, ...set });
    }
    if (row.status !== "scheduled" && row.status !== "sending" && row.status !== "testing") throw new ConflictError(`broadcast ${id} is ${row.status}; only a scheduled, sending or testing one can be cancelled`, "status");
    await cancelRecipients(trx, id);
    const set = { status: "cancelled" as const, stage: "done", next_at: null, cancelled_at: now, updated_at: now };
    await updateBroadcastRow(trx, id, set);
    return broadcastToApi({ ...row, ...set });
  });
}

export async function getBroadcast(deps: Deps, db: Db, workspaceId: string, id: string, lock = false): Promise<BroadcastRow> {
  const row = await selectBroadcast(db, deps.dialect, workspaceId, id, lock);
  if (!row) throw new NotFoundError(`no broadcast ${JSON.stringify(id)}`);
  return row;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function broadcastToApi(row: BroadcastRow): BroadcastOut {
  const def = definitionOf(row);
  const resendStatus = row.stage === "resending" || (row.stage === "resend" && row.status === "sending") ? "sending" : row.stage === "done" && row.resend_at !== null && row.status === "sent" ? "sent" : "pending";
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    templateId: def.templateId,
    audience: def.audience,
    category: def.category,
    topicId: def.topicId ?? null,
    senderId: def.senderId ?? null,
    schedule: def.schedule ?? null,
    throttle: def.throttle ?? null,
    abTest: def.abTest ? { ...def.abTest, winner: row.winner, endsAt: iso(row.test_ends_at) } : null,
    resend: def.resend ? { ...def.resend, status: resendStatus, at: iso(row.resend_at) } : null,
    scheduledAt: iso(row.scheduled_at),
    startedAt: iso(row.started_at),
    sentAt: iso(row.sent_at),
    cancelledAt: iso(row.cancelled_at),
    recipients: Number(row.recipient_count),
    templateVersions: fromJson<Record<string, number> | null>(row.template_versions),
    error: row.error === null ? null : (fromJson<{ message?: string }>(row.error).message ?? null),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
