import { z } from "zod";
import { Duration, Offset, TimeOfDay, Weekday } from "../duration.js";
import { Rule } from "../rule.js";
import { Action } from "./action.js";
import { Trigger } from "./trigger.js";

/** Node ids: letters, digits, `_` and `-`, starting with a letter. */
export const NodeId = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "node ids start with a letter and hold letters, digits, _ and - (at most 64)");

/** Where the node sits on the canvas; the engine ignores it. */
const Position = z.strictObject({ x: z.number(), y: z.number() });

const node = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ id: NodeId, type: z.literal(type), label: z.string().max(200).optional(), position: Position.optional(), ...shape });

/** How long a delay step waits. */
export const Wait = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("duration"), duration: Duration }),
  /** Until the next `time` on one of `weekdays` (default every day), in the contact's time zone or `timezone`. */
  z.strictObject({ kind: z.literal("until_time"), time: TimeOfDay, weekdays: z.array(Weekday).min(1).max(7).optional(), timezone: z.string().optional() }),
  /** Until a date property of the contact, moved by `offset`, optionally at `time` of that day. */
  z.strictObject({ kind: z.literal("until_date"), property: z.string().min(1).max(100), offset: Offset.optional(), time: TimeOfDay.optional() }),
]);
export type Wait = z.infer<typeof Wait>;

/** What a wait-for step waits for: an event like those that trigger workflows, or a condition to hold. */
export const WaitFor = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("event"), event: Trigger }),
  z.strictObject({ kind: z.literal("condition"), rule: Rule }),
]);

/**
 * The steps of a workflow. Each names the steps that follow it (`next`, `yes`/`no`, branch
 * targets): those references are the workflow's edges.
 */
export const Node = z.discriminatedUnion("type", [
  node("action", { action: Action, next: NodeId }),
  node("condition", { rule: Rule, yes: NodeId, no: NodeId }),
  node("branch", {
    branches: z.array(z.strictObject({ name: z.string().min(1).max(100), rule: Rule, next: NodeId })).min(1).max(20),
    otherwise: NodeId,
  }),
  /** A/B split: each contact is assigned a variant by weight, always the same one for a contact. */
  node("split", {
    variants: z.array(z.strictObject({ name: z.string().min(1).max(100), weight: z.number().int().min(1).max(10_000), next: NodeId })).min(2).max(10),
  }),
  node("delay", { wait: Wait, next: NodeId }),
  node("wait_for", { for: WaitFor, timeout: Duration, next: NodeId, timeoutNext: NodeId }),
  /** Goes back to `to` at most `maxTimes` per run, then on to `next`. */
  node("jump", { to: NodeId, maxTimes: z.number().int().min(1).max(100), next: NodeId }),
  /** Ends the run as a conversion. */
  node("goal", { name: z.string().max(100).optional() }),
  node("end", {}),
]);
export type Node = z.infer<typeof Node>;
export type NodeType = Node["type"];
