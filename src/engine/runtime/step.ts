import type { Contact, ContactSession } from "../../contacts/index.js";
import type { RuleFacts, Verdict } from "../../rules/index.js";
import type { Action, ActionKind, Node, NodeType, WorkflowDefinition } from "../../schemas/workflow/index.js";
import type { Db, RunChanges } from "../../store/index.js";
import type { Deps } from "../../deps.js";
import type { Wake, WatchSpec } from "./watch.js";

/** What a run carries from step to step (stored with the run as versioned JSON). */
export interface RunState {
  version: 1;
  /** Times each jump node has sent the run back. */
  jumps: Record<string, number>;
  /** A/B variant assigned by each split node. */
  variants: Record<string, string>;
  /** The wait-for steps the run is waiting at: since when, and when the wait times out (epoch ms). */
  waits: Record<string, { since: number; timeoutAt: number }>;
}

/** What a step decided and why, kept in the run's history. */
export interface StepRecord {
  /** The branch taken or the thing done, short: "yes", "variant B", "tag vip added". */
  decision?: string;
  /** Why, in a sentence a marketer understands. */
  reason?: string;
  verdict?: Verdict;
  /** A delivering action that queued nothing (no address, no consent): the run goes on at once. */
  skipped?: true;
  /**
   * A message held back by the workspace's sending policy (frequency cap, quiet hours): nothing
   * was queued, and the run waits until then (epoch ms) to run the same step again.
   */
  deferUntil?: number;
}

/**
 * What a step handler asks the runner to do. Handlers return commands as data; the runner
 * persists the run's transition (and any timer) in the same transaction as the step's effects.
 */
export type Command =
  | { kind: "next"; to: string; record?: StepRecord }
  /** Sleep until `until` (epoch ms), then continue at `then`. */
  | { kind: "wait"; until: number; then: string; record?: StepRecord }
  /** Wait, with no timer, for the delivery the step queued in the outbox; continue at `then` once it is done. */
  | { kind: "await"; then: string; record?: StepRecord }
  /**
   * Wait at `then` until the contact does what `watch` describes (the run is woken) or until
   * `until` (epoch ms), whichever comes first; the node at `then` decides which happened.
   */
  | { kind: "waitFor"; watch: WatchSpec; until: number; then: string; record?: StepRecord }
  | { kind: "end"; outcome: "completed" | "converted" | "exited"; record?: StepRecord };

/** Everything a step may use. Changes to the contact go through `session` and commit with the step. */
export interface StepContext {
  deps: Deps;
  /** The transaction the step runs in. */
  db: Db;
  now: number;
  definition: WorkflowDefinition;
  run: { id: string; workspaceId: string; workflowId: string; version: number; contactId: string; state: RunState };
  contact: Contact;
  session: ContactSession;
  /** The writes of the runs advancing in this transaction, made set-based at its end. */
  changes: RunChanges;
  /** Why the run was woken before its timer, when it was (see run_watches). */
  wake?: Wake;
  /** The event that started the run, when an event did (templates show it as `event.*`). */
  triggerEvent(): Promise<TriggerEvent | undefined>;
  /** Facts for the rule evaluator, loaded for the rules given (event counts are fetched per rule). */
  facts(rules: import("../../schemas/rule.js").Rule[]): Promise<RuleFacts>;
}

export interface TriggerEvent {
  name: string | null;
  properties: Record<string, unknown>;
  /** ISO-8601 */
  timestamp: string;
}

export type StepHandler<N extends Node> = (ctx: StepContext, node: N) => Promise<Command>;
/** One handler per node type: a node type without one is a compile error. */
export type StepHandlers = { [T in NodeType]: StepHandler<Extract<Node, { type: T }>> };

/**
 * Performs an action's effect on the contact (inside the step's transaction); returns what was
 * done. `nodeId` is the action step's node (round-robin cursors, requests made on the run's behalf).
 */
export type ActionHandler<A extends Action> = (ctx: StepContext, action: A, nodeId: string) => Promise<StepRecord>;
export type ActionHandlers = { [K in ActionKind]: ActionHandler<Extract<Action, { kind: K }>> };
