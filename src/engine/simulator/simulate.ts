import { ValidationError } from "../../core/index.js";
import { readContactOut, withContactSession } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import { addDuration } from "../../rules/index.js";
import type { SimulationInput, SimulationResult } from "../../schemas/simulation.js";
import type { WorkflowDefinition } from "../../schemas/workflow/index.js";
import { selectNextDueAt } from "../../store/index.js";
import { referencedIds } from "../definition/references.js";
import { simulatedTransports } from "../delivery/index.js";
import { createEngine, enrolContact, type Engine } from "../runtime/index.js";
import { definitionToSimulate } from "./definition.js";
import { createInlineContact, insertContactSnapshot, readContactSnapshot } from "./place-contact.js";
import { createEngineRecorder } from "./record.js";
import { effectsOf, enrolmentsOf, simulatedRuns } from "./result.js";
import { openScratch, copyWorkspace, publishInScratch, type Scratch, type Wanted } from "./scratch-store.js";
import { applyTimelineEvent, resolveTimeline, type TimedEntry } from "./timeline.js";

const DEFAULT_HORIZON = { amount: 400, unit: "days" } as const;
/** Longest span a simulation covers, start to end, ms (10 years). */
const MAX_SPAN = 10 * 366 * 24 * 3600 * 1000;
/** Instants the clock may stop at: a safety net, far above what bounded loops and delays need. */
const MAX_STOPS = 20_000;

export interface SimulationOptions {
  /** The real workflow simulated: its draft (or `version`) is the default definition; its id is reported. */
  workflowId?: string | undefined;
  /** Simulate this published version of the workflow instead of its draft. */
  version?: number | undefined;
}

/**
 * Runs a workflow for one contact on a virtual timeline with the real engine, in a scratch store
 * that is dropped afterwards: nothing in `deps`'s store changes. Returns the path of every run
 * with each decision and its reason, the enrolment decisions, and what the runs did.
 */
export async function simulateWorkflow(deps: Deps, workspaceId: string, input: SimulationInput, options: SimulationOptions = {}): Promise<SimulationResult> {
  const simulated = await definitionToSimulate(deps, workspaceId, input.definition, options);
  const { definition } = simulated;
  const startAt = input.startAt === undefined ? deps.clock.now() : Date.parse(input.startAt);
  const timeline = resolveTimeline(input.timeline, startAt);
  const endAt = addDuration(timeline.at(-1)?.at ?? startAt, input.horizon ?? DEFAULT_HORIZON, null);
  if (endAt - startAt > MAX_SPAN) throw ValidationError.field(input.horizon ? "horizon" : "timeline", "a simulation covers at most 10 years");

  const snapshot = "inline" in input.contact ? undefined : await readContactSnapshot(deps, workspaceId, input.contact, definition, startAt);
  const scratch = await openScratch(deps, startAt);
  try {
    await copyWorkspace(deps, scratch.deps, workspaceId, wanted(input, timeline, definition, snapshot?.row.owner_id ?? null, snapshot?.listIds));
    // Set up before the engine exists, so that placing the contact fires no trigger.
    const contactId = "inline" in input.contact ? await createInlineContact(scratch.deps, workspaceId, input.contact.inline) : await insertContactSnapshot(scratch.deps, snapshot!);
    const workflowId = await publishInScratch(scratch.deps, workspaceId, simulated.name, definition);
    const recorder = createEngineRecorder();
    scratch.deps.eventReactors.push(recorder.reactor);
    // Deliveries (webhooks, emails) count as sent, and go nowhere.
    const play = player(scratch, createEngine(scratch.deps, { delivery: { transports: simulatedTransports } }));

    if (input.enrol === "start") await enrolContact(scratch.deps, { workspaceId, workflowId, contactId, trigger: { type: "simulation" } });
    for (const [i, entry] of timeline.entries()) {
      await play.until(entry.at);
      await recorder.outsideEngine(() => withContactSession(scratch.deps, workspaceId, async (s) => applyTimelineEvent(s, await s.get({ id: contactId }), entry.event, `timeline.${i}.event`)));
    }
    await play.until(endAt, { stopWhenIdle: true });

    const enrolments = enrolmentsOf(recorder.events);
    const started = enrolments.find((e) => e.enrolled);
    const reason = started ? undefined : (enrolments[0]?.reason ?? "no timeline event fired one of the workflow's triggers");
    return {
      enrolled: started !== undefined,
      ...(reason === undefined ? {} : { reason }),
      enrolments,
      runs: await simulatedRuns(scratch.deps, workspaceId, contactId, definition, { id: simulated.workflowId, version: simulated.version }),
      effects: effectsOf(recorder.events),
      timeline: timeline.map((e) => ({ at: new Date(e.at).toISOString(), event: e.event })),
      contact: await readContactOut(scratch.deps, workspaceId, { id: contactId }),
      startedAt: new Date(startAt).toISOString(),
      endedAt: new Date(scratch.clock.now()).toISOString(),
    };
  } finally {
    await scratch.close();
  }
}

/** The lists and users the scratch store needs: those the definition, the timeline and the contact name. */
function wanted(input: SimulationInput, timeline: TimedEntry[], definition: WorkflowDefinition, ownerId: string | null, listIds: Set<string> | undefined): Wanted {
  const refs = referencedIds(definition);
  const lists = new Map<string, string | undefined>([...refs.list, ...(listIds ?? [])].map((id) => [id, undefined]));
  timeline.forEach(({ event }, i) => {
    if ((event.type === "list.joined" || event.type === "list.left") && !lists.has(event.listId)) lists.set(event.listId, `timeline.${i}.event.listId`);
  });
  const users = new Map<string, string | undefined>([...refs.user, ...(ownerId ? [ownerId] : [])].map((id) => [id, undefined]));
  const inlineOwner = "inline" in input.contact ? input.contact.inline.ownerId : undefined;
  if (inlineOwner && !users.has(inlineOwner)) users.set(inlineOwner, "contact.inline.ownerId");
  return { lists, users, templates: new Set([...refs["email template"], ...refs["SMS template"], ...refs["in-app template"]]) };
}

/**
 * Moves the scratch clock forward from one due timer to the next, running what falls due at
 * each instant until nothing more is due then.
 */
function player(scratch: Scratch, engine: Engine) {
  let stops = 0;
  return {
    /** Plays up to `target`; with `stopWhenIdle`, stops early once no run has anything pending. */
    async until(target: number, { stopWhenIdle = false } = {}): Promise<void> {
      for (;;) {
        await engine.runDue();
        const next = await selectNextDueAt(scratch.deps.db);
        if (next === undefined && stopWhenIdle) return;
        if (next === undefined || next > target) break;
        if (++stops > MAX_STOPS) throw ValidationError.field("horizon", `the simulation stopped the clock more than ${MAX_STOPS} times; shorten the horizon or the timeline`);
        if (next > scratch.clock.now()) scratch.clock.set(next);
      }
      if (target > scratch.clock.now()) scratch.clock.set(target);
      await engine.runDue();
    },
  };
}
