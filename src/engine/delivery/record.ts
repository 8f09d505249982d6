import { withContactSession, type ContactSession } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import type { DeliveryError, DeliveryPayload, DeliveryResponse, EmailPayload, SmsPayload } from "../../schemas/outbox.js";
import {
  deleteTimer,
  deleteWatches,
  insertRunSteps,
  selectDeliveriesForUpdate,
  selectDeliveryForUpdate,
  selectRunForUpdate,
  selectRunsForUpdate,
  selectTimer,
  selectTimers,
  toJson,
  updateDelivery,
  updateRun,
  type Db,
  type OutboxRow,
  type WorkflowRunRow,
  RunChanges,
  writeRunChanges,
} from "../../store/index.js";
import { isActive, proceed } from "../runtime/advance.js";
import { inWorkspaceBatches } from "../runtime/batches.js";
import { mapResponse } from "./response-mapping.js";

/** What a successful attempt brings back to record. */
export interface Delivered {
  response: DeliveryResponse;
  /** The response body as JSON, for the response mapping. */
  json?: unknown;
  /** Work that commits with the outcome (the local mailbox stores its message here). */
  commit?: (db: Db) => Promise<void>;
}

/** A delivery whose attempt succeeded, to record. */
export interface DeliveredItem {
  row: OutboxRow;
  payload: DeliveryPayload;
  delivered: Delivered;
}

/**
 * Records successful deliveries, those of one workspace in one transaction: each is marked
 * delivered and, if its run still waits for it, the response mapping lands in the contact's
 * properties (property.changed logged by the session), the run's history records the delivery,
 * and the run goes on from there in the same transaction. A delivery already recorded (a worker
 * that took over after a lease ran out) is left alone. If a batch fails, each is recorded alone;
 * one that still fails is logged and left to its lease (another claim sends it again).
 */
export async function recordDelivered(deps: Deps, items: DeliveredItem[]): Promise<void> {
  await inWorkspaceBatches(
    deps,
    items.map((item) => ({ ...item, workspace_id: item.row.workspace_id })),
    (workspaceId, batch) => recordTogether(deps, workspaceId, batch),
    (item) =>
      recordTogether(deps, item.workspace_id, [item]).catch((err) => {
        deps.logger.error({ err, deliveryId: item.row.id }, "delivery could not be recorded; it is retried when its lease runs out");
      }),
  );
}

async function recordTogether(deps: Deps, workspaceId: string, items: DeliveredItem[]): Promise<void> {
  await withContactSession(deps, workspaceId, async (session) => {
    const db = session.transaction;
    const deliveries = new Map((await selectDeliveriesForUpdate(db, deps.dialect, items.map((i) => i.row.id))).map((d) => [d.id, d]));
    const runIds = [...new Set(items.map((i) => i.row.run_id))];
    const runs = new Map((await selectRunsForUpdate(db, deps.dialect, runIds)).map((r) => [r.id, r]));
    const timed = new Set((await selectTimers(db, runIds)).map((t) => t.run_id));
    const recipients = items.flatMap((i) => ((i.payload.kind === "email" || i.payload.kind === "sms") && i.payload.contactId !== undefined ? [i.payload.contactId] : []));
    const contactIds = [...new Set([...[...runs.values()].map((r) => r.contact_id), ...recipients])];
    await session.load({ ids: contactIds });
    await session.loadMemberships(contactIds);
    const changes = new RunChanges();
    const resumed = new Set<string>();
    const now = deps.clock.now();
    for (const { row, payload, delivered: d } of items) {
      const current = deliveries.get(row.id);
      if (!current || current.status !== "pending") continue;
      const attempts = current.attempts + 1;
      await d.commit?.(db);
      await updateDelivery(db, row.id, { status: "delivered", attempts, lease_until: null, response: toJson(d.response), updated_at: now, delivered_at: now });
      recordSent(session, row, payload, d, runs.get(row.run_id)?.contact_id);
      // Resumed only if it still waits for a delivery (not ended, removed, or resumed meanwhile).
      const run = runs.get(row.run_id);
      if (!run || run.status !== "waiting" || timed.has(run.id) || resumed.has(run.id) || !isActive(run)) continue;
      resumed.add(run.id);
      const mapped = payload.kind === "webhook" && payload.responseMapping.length > 0 ? await applyMapping(session, run, payload, d.json) : undefined;
      const what = d.response.status === undefined ? `delivered via ${d.response.via}` : `delivered: HTTP ${d.response.status}`;
      const record = { decision: `${what} in ${d.response.durationMs} ms`, ...(attempts > 1 ? { reason: `after ${attempts} attempts` } : {}) };
      changes.steps.push(stepRow(deps, row, "delivered", { record, delivery: { id: row.id, key: row.idempotency_key, attempts, response: d.response }, ...(mapped ? { mapped } : {}) }, now));
      await proceed(deps, session, run, changes);
    }
    await writeRunChanges(db, deps.dialect, changes);
  });
}

/**
 * The contact's timeline shows each message sent to it or about it: `email.sent`, `sms.sent`
 * (with the provider's id) and `slack.sent`, with the template and step it came from.
 */
function recordSent(session: ContactSession, row: OutboxRow, payload: DeliveryPayload, delivered: Delivered, runContactId: string | undefined): void {
  if (payload.kind === "webhook" || (payload.kind === "email" && payload.contactId === undefined)) return;
  const contact = session.find({ id: payload.kind === "slack" ? (runContactId ?? "") : payload.contactId! });
  if (!contact) return;
  const step = { messageId: row.id, via: delivered.response.via, runId: row.run_id, nodeId: row.node_id };
  const template = payload.kind !== "slack" && payload.template ? { templateId: payload.template.id, templateVersion: payload.template.version } : {};
  const properties =
    payload.kind === "email" ? { ...step, to: payload.to, subject: payload.subject, ...template, ...(payload.category ? { category: payload.category } : {}) }
    : payload.kind === "sms" ? { ...step, to: payload.to, ...template, ...providerId(delivered.json) }
    : step;
  session.record(contact, { kind: "internal", name: `${payload.kind}.sent`, properties });
}

/** The SMS provider's message id (Twilio's `sid`), when its answer has one. */
function providerId(json: unknown): { providerMessageId?: string } {
  const sid = json !== null && typeof json === "object" ? (json as { sid?: unknown }).sid : undefined;
  return typeof sid === "string" ? { providerMessageId: sid } : {};
}

/**
 * The delivery gave up: the row is marked failed. A message to a contact (email, SMS) that cannot
 * be delivered is an outcome of the journey, not a fault of it: `email.failed` / `sms.failed` goes
 * on the contact's timeline and the run goes on, its history saying why. Any other delivery
 * (webhook, notification to a user) fails its run with the error. `payload` is absent when it
 * could not be read.
 */
export async function recordFailed(deps: Deps, row: OutboxRow, error: DeliveryError, payload?: DeliveryPayload): Promise<void> {
  if ((payload?.kind === "email" || payload?.kind === "sms") && payload.contactId !== undefined) return recordUndelivered(deps, row, error, payload, payload.contactId);
  await deps.db.transaction().execute(async (db) => {
    const current = await selectDeliveryForUpdate(db, deps.dialect, row.id);
    if (!current || current.status !== "pending") return;
    const now = deps.clock.now();
    await updateDelivery(db, row.id, { status: "failed", attempts: error.attempts, lease_until: null, last_error: toJson(error), updated_at: now });
    const run = await waitingRun(deps, db, row);
    if (!run) return;
    await insertRunSteps(db, deps.dialect, [stepRow(deps, row, "failed", { error }, now)]);
    await updateRun(db, run.id, { status: "failed", node_id: null, error: toJson(error), updated_at: now, ended_at: now });
    await deleteTimer(db, run.id);
    await deleteWatches(db, run.id);
  });
}

async function recordUndelivered(deps: Deps, row: OutboxRow, error: DeliveryError, payload: EmailPayload | SmsPayload, contactId: string): Promise<void> {
  await withContactSession(deps, row.workspace_id, async (session) => {
    const db = session.transaction;
    const current = await selectDeliveryForUpdate(db, deps.dialect, row.id);
    if (!current || current.status !== "pending") return;
    const now = deps.clock.now();
    await updateDelivery(db, row.id, { status: "failed", attempts: error.attempts, lease_until: null, last_error: toJson(error), updated_at: now });
    await session.load({ ids: [contactId] });
    const contact = session.find({ id: contactId });
    if (contact) {
      const template = payload.template ? { templateId: payload.template.id, templateVersion: payload.template.version } : {};
      session.record(contact, { kind: "internal", name: `${payload.kind}.failed`, properties: { messageId: row.id, to: payload.to, ...template, runId: row.run_id, nodeId: row.node_id, error } });
    }
    const run = await waitingRun(deps, db, row);
    if (!run || !isActive(run)) return;
    await session.load({ ids: [run.contact_id] });
    await session.loadMemberships([run.contact_id]);
    const changes = new RunChanges();
    const record = { decision: `${payload.kind === "email" ? "email" : "SMS"} not delivered`, reason: error.message };
    changes.steps.push(stepRow(deps, row, "failed", { record, delivery: { id: row.id, key: row.idempotency_key, attempts: error.attempts }, error }, now));
    await proceed(deps, session, run, changes);
    await writeRunChanges(db, deps.dialect, changes);
  });
}

/** The run, locked, if it is still waiting for a delivery (not ended, removed, or resumed meanwhile). */
async function waitingRun(deps: Deps, db: Db, row: OutboxRow): Promise<WorkflowRunRow | undefined> {
  const run = await selectRunForUpdate(db, deps.dialect, row.run_id);
  if (!run || run.status !== "waiting" || (await selectTimer(db, run.id))) return undefined;
  return run;
}

/** Sets the mapped properties that fit their types; the others are named in the step's record. */
async function applyMapping(session: ContactSession, run: WorkflowRunRow, payload: Extract<DeliveryPayload, { kind: "webhook" }>, json: unknown) {
  const { set, skipped } = mapResponse(json, payload.responseMapping);
  const contact = await session.get({ id: run.contact_id });
  const { problems, checked } = session.checkProperties(set);
  session.applyProperties(contact, checked);
  return {
    properties: Object.fromEntries(checked),
    ...(skipped.length ? { missing: skipped } : {}),
    ...(problems.length ? { rejected: problems } : {}),
  };
}

function stepRow(deps: Deps, row: OutboxRow, outcome: "delivered" | "failed", record: Record<string, unknown>, at: number) {
  return { id: deps.ids(), run_id: row.run_id, workspace_id: row.workspace_id, node_id: row.node_id, node_type: "action", outcome, record: toJson(record), at };
}
