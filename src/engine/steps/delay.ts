import { addDuration, durationText, toTyped } from "../../rules/index.js";
import type { Wait } from "../../schemas/workflow/index.js";
import type { Command, StepContext, StepHandlers } from "../runtime/step.js";
import { dateDue, nextTimeOfDay, usableZone, wallClockText } from "./wall-clock.js";

type Delay = Parameters<StepHandlers["delay"]>[1];
type WaitOf<K extends Wait["kind"]> = Extract<Wait, { kind: K }>;

/** Waits for a duration, until a time of day, or until a date property falls due, on the contact's wall clock. */
export const delayStep: StepHandlers["delay"] = async (ctx, node) => {
  const w = node.wait;
  if (w.kind === "duration") return untilDuration(ctx, node, w);
  if (w.kind === "until_time") return untilTime(ctx, node, w);
  return untilDate(ctx, node, w);
};

function untilDuration(ctx: StepContext, node: Delay, w: WaitOf<"duration">): Command {
  const zone = usableZone(ctx.contact.timezone);
  const until = addDuration(ctx.now, w.duration, zone);
  return waitUntil(node, until, zone, `waits ${durationText(w.duration)}`);
}

function untilTime(ctx: StepContext, node: Delay, w: WaitOf<"until_time">): Command {
  const zone = usableZone(w.timezone ?? ctx.contact.timezone);
  const until = nextTimeOfDay(ctx.now, w.time, w.weekdays, zone);
  const days = w.weekdays ? ` on ${w.weekdays.join(", ")}` : "";
  return waitUntil(node, until, zone, `waits for the next ${w.time}${days}`);
}

function untilDate(ctx: StepContext, node: Delay, w: WaitOf<"until_date">): Command {
  const { properties } = ctx.contact;
  const raw = Object.hasOwn(properties, w.property) ? properties[w.property] : undefined;
  const name = JSON.stringify(w.property);
  if (raw === undefined) return goOn(node, `${name} is not set, so there is nothing to wait for`);
  const type = ctx.session.propertyType(w.property);
  const at = type === "date" ? toTyped("date", raw) : undefined;
  if (typeof at !== "number") return goOn(node, `${name} is ${type === undefined ? "untyped" : `a ${type}`}, not a date, so there is nothing to wait for`);
  const zone = usableZone(ctx.contact.timezone);
  const until = dateDue(at, w.offset, w.time, zone);
  const offset = w.offset ? ` ${w.offset.amount < 0 ? "-" : "+"} ${durationText({ amount: Math.abs(w.offset.amount), unit: w.offset.unit })}` : "";
  const when = `${name}${offset}${w.time ? ` at ${w.time}` : ""}`;
  if (until <= ctx.now) return goOn(node, `${when} was ${wallClockText(until, zone)}, already past`);
  return waitUntil(node, until, zone, `waits for ${when}`);
}

function waitUntil(node: Delay, until: number, zone: string, what: string): Command {
  const at = wallClockText(until, zone);
  return { kind: "wait", until, then: node.next, record: { decision: `until ${at}`, reason: `${what}: until ${at}` } };
}

function goOn(node: Delay, reason: string): Command {
  return { kind: "next", to: node.next, record: { decision: "no wait", reason } };
}
