import { ConflictError, type ManualClock } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import { claimDue, claimDueTimers, claimEnrolmentRequests, selectNextDeliveryDueAt, selectNextDueAt } from "../../store/index.js";
import { createDispatcher, type DispatcherOptions } from "../delivery/index.js";
import { createDateDueReactor, runScheduledTriggers } from "../scheduled/index.js";
import { advanceRuns } from "./advance.js";
import { enrolContact, processEnrolmentRequests, type EnrolOutcome, type Enrolment } from "./enrol.js";
import { createTriggerReactor } from "./trigger-reactor.js";
import { wakeRuns } from "./wake.js";
import { createWatchReactor } from "./watch-reactor.js";

export interface EngineOptions {
  /** Timers (and requests, wake-ups) claimed per round, default 500: a round of one workspace is one transaction. */
  batchSize?: number;
  /** How long a claim holds a timer before another worker may take it over, ms, default 30000. */
  leaseMs?: number;
  /** Longest sleep between rounds when nothing is due, ms, default 200 (the loop wakes earlier for a timer due sooner). */
  pollMs?: number;
  /** The outbox dispatcher's settings (batch, concurrency, timeout). */
  delivery?: DispatcherOptions;
}

/** Runs workflows: claims due timers and advances their runs. Any number may share one database. */
export interface Engine {
  /** Starts the background loop. */
  start(): void;
  /** Stops the loop after the round in progress, and closes the dispatcher's connections. */
  stop(): Promise<void>;
  /** Advances every run due now, round after round, until none is due; returns how many. */
  runDue(): Promise<number>;
  /** Starts a run (see enrolContact) and wakes the loop so it begins at once. */
  enrol(e: Enrolment): Promise<EnrolOutcome>;
  /**
   * Test clock (PARCOURS_CLOCK=manual): moves time forward by `ms`, stopping at each timer's due
   * time in order to run what falls due then, and resolves once all of it is done.
   */
  advanceClock(ms: number): Promise<{ now: number; advanced: number }>;
}

export function createEngine(deps: Deps, options: EngineOptions = {}): Engine {
  const batchSize = options.batchSize ?? 500;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 200;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const dispatcher = createDispatcher(deps, { leaseMs, ...options.delivery });

  // Registered once: events stored from now on in this process enrol contacts in workflows,
  // and wake the runs that watch the contacts they change.
  const wakeSoon = () => setImmediate(() => wake?.());
  deps.eventReactors.push(createTriggerReactor(deps, wakeSoon), createWatchReactor(deps, wakeSoon), createDateDueReactor(deps));

  /** Rounds of time-fired triggers, enrolment requests, wake-ups, due timers and deliveries, until a round finds nothing to do. */
  async function runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const scheduled = await runScheduledTriggers(deps, batchSize);
      const requests = await claimEnrolmentRequests(deps.db, deps.dialect, deps.clock.now(), batchSize, leaseMs);
      await processEnrolmentRequests(deps, requests);
      const wakeups = await claimDue(deps.db, deps.dialect, "run_wakeups", deps.clock.now(), batchSize, leaseMs);
      await wakeRuns(deps, wakeups);
      const timers = await claimDueTimers(deps.db, deps.dialect, deps.clock.now(), batchSize, leaseMs);
      await advanceRuns(deps, timers);
      const deliveries = await dispatcher.dispatchDue();
      let jobs = 0;
      for (const job of deps.backgroundJobs) jobs += await job.runDue(batchSize);
      const done = scheduled + requests.length + wakeups.length + timers.length + deliveries + jobs;
      if (done === 0) return total;
      total += done;
    }
  }

  /** The next instant a timer, a time-fired trigger, a delivery (a retry) or a background job falls due. */
  async function nextDueAt(): Promise<number | undefined> {
    const jobs = await Promise.all(deps.backgroundJobs.map((job) => job.nextDueAt()));
    const due = [await selectNextDueAt(deps.db), await selectNextDeliveryDueAt(deps.db), ...jobs].filter((t) => t !== undefined);
    return due.length ? Math.min(...due) : undefined;
  }

  async function background(): Promise<void> {
    while (running) {
      let advanced = 0;
      try {
        advanced = await runDue();
      } catch (err) {
        deps.logger.error({ err }, "engine round failed");
      }
      if (advanced > 0 || !running) continue;
      // Sleep until the next timer or delivery is due (at most pollMs, the bound on noticing other processes' work).
      const next = await nextDueAt().catch(() => undefined);
      const sleep = next === undefined ? pollMs : Math.min(pollMs, Math.max(0, next - deps.clock.now()));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, sleep);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = background();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      dispatcher.close();
      for (const job of deps.backgroundJobs) job.close?.();
    },
    runDue,
    async enrol(e) {
      const outcome = await enrolContact(deps, e);
      if (outcome.enrolled) wake?.();
      return outcome;
    },
    async advanceClock(ms) {
      const clock = deps.clock as Partial<ManualClock>;
      if (typeof clock.set !== "function") throw new ConflictError("the clock is the system clock; start the server with PARCOURS_CLOCK=manual to move time");
      const target = deps.clock.now() + ms;
      let advanced = await runDue();
      for (let next = await nextDueAt(); next !== undefined && next <= target; next = await nextDueAt()) {
        if (next > deps.clock.now()) clock.set(next);
        const n = await runDue();
        advanced += n;
        if (n === 0) break;
      }
      clock.set(Math.max(target, deps.clock.now()));
      advanced += await runDue();
      return { now: deps.clock.now(), advanced };
    },
  };
}
