import { isParcoursError, NotFoundError } from "../../core/index.js";
import { withContactSession, type Contact, type ContactSession } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import { addDuration, evaluateRule } from "../../rules/index.js";
import type { WorkflowDefinition } from "../../schemas/workflow/index.js";
import {
  deleteEnrolmentRequest,
  fromJson,
  insertRuns,
  retryEnrolmentRequest,
  RunChanges,
  selectRunsOfContacts,
  selectWorkflows,
  takeEnrolmentRequests,
  toJson,
  type Db,
  type EnrolmentRequestRow,
  type WorkflowRow,
  type WorkflowRunRow,
  writeRunChanges,
} from "../../store/index.js";
import { proceed } from "./advance.js";
import { inWorkspaceBatches } from "./batches.js";
import { hasCriteria } from "./criteria.js";
import { definitionOf } from "./definitions.js";
import { loadRuleFacts } from "./facts.js";
import { newRunState } from "./run-state.js";
import { MAX_ATTEMPTS, retryDelay } from "./retry.js";

export type EnrolOutcome = { enrolled: true; runId: string; version: number } | { enrolled: false; reason: string };

export interface Enrolment {
  workspaceId: string;
  workflowId: string;
  contactId: string;
  /** What started it, kept with the run: `{ type: "api" }`, or the triggering event. */
  trigger: Record<string, unknown>;
  /** The enrolment request this answers (see the trigger reactor), consumed in the same transaction. */
  request?: { id: string; leaseUntil: number | null };
}

/**
 * Starts a run of the workflow's current version for the contact, if its entry rules allow:
 * at most one active run (unless the workflow allows more), the re-enrolment policy, then the
 * entry filter. Either way the decision and its reason go on the contact's timeline
 * (`workflow.enrolled` / `workflow.not_enrolled`). The run starts at once: its first timer is
 * due now.
 */
export async function enrolContact(deps: Deps, e: Enrolment): Promise<EnrolOutcome> {
  const [outcome] = await enrolTogether(deps, e.workspaceId, [e], false);
  return outcome!;
}

/**
 * Answers claimed enrolment requests. Those of one workspace go in one transaction, where each
 * new run also takes its first steps (so a triggered workflow acts without waiting for another
 * round). If that fails, each request is answered alone, with its first steps or, if those are
 * what fails, with its run left to start on its timer; a failure that retrying cannot fix (the contact or the workflow is gone) drops the request,
 * another is retried with backoff, at most MAX_ATTEMPTS times.
 */
export async function processEnrolmentRequests(deps: Deps, requests: EnrolmentRequestRow[]): Promise<void> {
  await inWorkspaceBatches(
    deps,
    requests,
    async (workspaceId, batch) => void (await enrolTogether(deps, workspaceId, batch.map(toEnrolment), true)),
    async (r) => {
      try {
        await enrolTogether(deps, r.workspace_id, [toEnrolment(r)], true);
      } catch {
        // Its first steps may be what failed: enrol without them, the run starting on its timer.
        await enrolContact(deps, toEnrolment(r)).catch((err) => retryOrDrop(deps, r, err));
      }
    },
  );
}

/**
 * One transaction: each enrolment decided in turn (so two for one contact see each other), from
 * what the batch reads at once (the requests taken, the workflows, the contacts' runs of them);
 * then the new runs written, and each takes its first steps or gets a timer due now.
 */
async function enrolTogether(deps: Deps, workspaceId: string, enrolments: Enrolment[], firstSteps: boolean): Promise<EnrolOutcome[]> {
  return withContactSession(deps, workspaceId, async (session) => {
    const db = session.transaction;
    const contactIds = enrolments.map((e) => e.contactId);
    const workflowIds = [...new Set(enrolments.map((e) => e.workflowId))];
    const requests = enrolments.flatMap((e) => (e.request ? [e.request] : []));
    const known: Known = {
      taken: requests.length ? await takeEnrolmentRequests(db, requests) : new Set(),
      workflows: new Map((await selectWorkflows(db, workspaceId, workflowIds)).map((w) => [w.id, w])),
      runs: new Map(),
    };
    for (const r of await selectRunsOfContacts(db, workflowIds, contactIds)) {
      const key = `${r.workflow_id}:${r.contact_id}`;
      known.runs.set(key, [...(known.runs.get(key) ?? []), r]);
    }
    await session.load({ ids: contactIds });
    if (firstSteps) await session.loadMemberships(contactIds);
    const outcomes: EnrolOutcome[] = [];
    const started: Started[] = [];
    for (const e of enrolments) {
      const decided = await enrolOne(deps, session, e, known);
      if (decided.enrolled) started.push(decided);
      outcomes.push(decided.enrolled ? { enrolled: true, runId: decided.run.id, version: decided.run.version } : decided);
    }
    await insertRuns(db, deps.dialect, started.map((s) => s.run));
    const changes = new RunChanges();
    for (const { run, watchesCriteria } of started) {
      if (watchesCriteria) changes.watches.push({ run_id: run.id, workspace_id: workspaceId, kind: "criteria", id: deps.ids(), contact_id: run.contact_id, spec: toJson({ kind: "change" }) });
    }
    for (const { run } of started) {
      if (firstSteps) await proceed(deps, session, run, changes);
      else changes.setTimer(run.id, workspaceId, run.started_at);
    }
    await writeRunChanges(db, deps.dialect, changes);
    return outcomes;
  });
}

/** What a batch of enrolments read at once; `runs` (per workflow and contact, newest first) grows as they start runs. */
interface Known {
  taken: Set<string>;
  workflows: Map<string, WorkflowRow>;
  runs: Map<string, Pick<WorkflowRunRow, "id" | "status" | "started_at">[]>;
}

type Started = { enrolled: true; run: WorkflowRunRow & { node_id: string }; watchesCriteria: boolean };

/** Decides one enrolment; when the contact may enter, its run (not yet written) and the decision on the timeline. */
async function enrolOne(deps: Deps, session: ContactSession, e: Enrolment, known: Known): Promise<Started | { enrolled: false; reason: string }> {
  const db = session.transaction;
  if (e.request && !known.taken.has(e.request.id)) return { enrolled: false, reason: "another worker took this enrolment request over" };
  const workflow = known.workflows.get(e.workflowId);
  if (!workflow) throw new NotFoundError(`no workflow ${e.workflowId}`);
  const contact = await session.get({ id: e.contactId });
  if (workflow.status !== "active" || workflow.current_version === null) {
    return refuse(session, contact, e, `the workflow is ${workflow.status === "active" ? "not published" : workflow.status}`);
  }
  const version = workflow.current_version;
  const definition = await definitionOf(db, workflow.id, version);
  const now = deps.clock.now();
  const key = `${workflow.id}:${contact.id}`;
  const blocked = await entryBlocked(db, session, contact, known.runs.get(key) ?? [], definition, now);
  if (blocked) return refuse(session, contact, e, blocked);
  const run = {
    id: deps.ids(),
    workspace_id: e.workspaceId,
    workflow_id: workflow.id,
    version,
    contact_id: contact.id,
    status: "running",
    node_id: definition.start,
    state: toJson(newRunState()),
    trigger: toJson(e.trigger),
    error: null,
    started_at: now,
    updated_at: now,
    ended_at: null,
  };
  known.runs.set(key, [run, ...(known.runs.get(key) ?? [])]);
  session.record(contact, { kind: "internal", name: "workflow.enrolled", properties: { workflowId: workflow.id, version, runId: run.id, trigger: e.trigger } });
  return { enrolled: true, run, watchesCriteria: hasCriteria(definition) };
}

/** Why the contact may not enter now, or undefined when it may. */
async function entryBlocked(
  db: Db,
  session: ContactSession,
  contact: Contact,
  runs: Pick<WorkflowRunRow, "status" | "started_at">[],
  d: WorkflowDefinition,
  now: number,
): Promise<string | undefined> {
  if (!d.entry.allowConcurrentRuns && runs.some((r) => r.status === "running" || r.status === "waiting")) {
    return "the contact is already in this workflow";
  }
  const last = runs[0];
  if (last && d.entry.reEnrolment.mode === "never") return "the contact already went through this workflow, and it does not re-enrol";
  if (last && d.entry.reEnrolment.mode === "after") {
    const allowedAt = addDuration(last.started_at, d.entry.reEnrolment.cooldown, contact.timezone);
    if (now < allowedAt) return `the contact entered less than ${d.entry.reEnrolment.cooldown.amount} ${d.entry.reEnrolment.cooldown.unit} ago`;
  }
  if (d.entry.filter) {
    const verdict = evaluateRule(d.entry.filter, await loadRuleFacts(db, session, contact, now, [d.entry.filter]));
    if (!verdict.matched) return `the entry filter did not match: ${verdict.reason}`;
  }
  return undefined;
}

function refuse(session: ContactSession, contact: Contact, e: Enrolment, reason: string): { enrolled: false; reason: string } {
  session.record(contact, { kind: "internal", name: "workflow.not_enrolled", properties: { workflowId: e.workflowId, reason, trigger: e.trigger } });
  return { enrolled: false, reason };
}

function toEnrolment(r: EnrolmentRequestRow): Enrolment {
  return {
    workspaceId: r.workspace_id,
    workflowId: r.workflow_id,
    contactId: r.contact_id,
    trigger: fromJson<Record<string, unknown>>(r.trigger),
    request: { id: r.id, leaseUntil: r.lease_until },
  };
}

async function retryOrDrop(deps: Deps, r: EnrolmentRequestRow, err: unknown): Promise<void> {
  const permanent = isParcoursError(err) && err.status < 500;
  deps.logger.warn({ err, requestId: r.id, attempt: r.attempts + 1 }, "enrolment failed");
  if (permanent || r.attempts + 1 >= MAX_ATTEMPTS) await deleteEnrolmentRequest(deps.db, r.id);
  else await retryEnrolmentRequest(deps.db, r.id, deps.clock.now() + retryDelay(r.attempts));
}
