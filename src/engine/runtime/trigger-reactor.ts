import type { Deps, EventReactor } from "../../deps.js";
import type { Trigger } from "../../schemas/workflow/index.js";
import { fromJson, insertEnrolmentRequests, selectActiveWorkflowVersions, toJson, type Db, type EnrolmentRequestRow, type NewEventRow } from "../../store/index.js";
import { eventKey, matchesTrigger, triggerKeys } from "../triggers/index.js";
import { definitionOf } from "./definitions.js";

interface Listener {
  workflowId: string;
  trigger: Trigger;
}

interface WorkspaceIndex {
  /** The active workflows and versions it was built from. */
  fingerprint: string;
  byKey: Map<string, Listener[]>;
}

/**
 * Turns stored events into enrolment requests, in the transaction that stores them: an event
 * and the enrolment it causes commit together, so none is lost in a crash. Each workspace's
 * triggers are indexed by event key in memory; the index is rebuilt when the set of active
 * workflow versions changes (one small indexed read per call tells), in this process or another.
 * `onRequests` runs once the requests are written (the engine wakes up after the commit).
 */
export function createTriggerReactor(deps: Deps, onRequests: () => void): EventReactor {
  const indexes = new Map<string, WorkspaceIndex>();

  async function indexFor(db: Db, workspaceId: string): Promise<WorkspaceIndex> {
    const active = await selectActiveWorkflowVersions(db, workspaceId);
    const fingerprint = active.map((a) => `${a.id}:${a.current_version}`).join(",");
    const cached = indexes.get(workspaceId);
    if (cached?.fingerprint === fingerprint) return cached;
    const byKey = new Map<string, Listener[]>();
    for (const a of active) {
      const definition = await definitionOf(db, a.id, a.current_version);
      for (const trigger of definition.triggers) {
        for (const key of triggerKeys(trigger)) byKey.set(key, [...(byKey.get(key) ?? []), { workflowId: a.id, trigger }]);
      }
    }
    const index = { fingerprint, byKey };
    indexes.set(workspaceId, index);
    return index;
  }

  return {
    async react(db, workspaceId, events) {
      const index = await indexFor(db, workspaceId);
      if (!index.byKey.size) return;
      const now = deps.clock.now();
      const requests = new Map<string, EnrolmentRequestRow>();
      for (const event of events) {
        const name = event.name ?? null;
        const listeners = index.byKey.get(eventKey({ kind: event.kind, name }));
        if (!listeners) continue;
        const stored = { kind: event.kind, name, properties: fromJson<Record<string, unknown>>(event.properties) ?? {}, timestamp: event.timestamp };
        for (const { workflowId, trigger } of listeners) {
          // One request per workflow and contact per unit of work, from the first event that fires it.
          const key = `${workflowId}:${event.contact_id}`;
          if (requests.has(key) || !matchesTrigger(trigger, stored, now)) continue;
          requests.set(key, request(deps, workspaceId, workflowId, event, trigger, now));
        }
      }
      if (!requests.size) return;
      await insertEnrolmentRequests(db, deps.dialect, [...requests.values()]);
      onRequests();
    },
  };
}

function request(deps: Deps, workspaceId: string, workflowId: string, event: NewEventRow, trigger: Trigger, now: number): EnrolmentRequestRow {
  return {
    id: deps.ids(),
    workspace_id: workspaceId,
    workflow_id: workflowId,
    contact_id: event.contact_id,
    trigger: toJson({ ...trigger, eventId: event.id, eventName: event.name ?? null }),
    due_at: now,
    lease_until: null,
    attempts: 0,
  };
}
