import { availableParallelism } from "node:os";
import { createSmtpSender, createSmtpWorkerSender, smtpOptions, type SmtpSender } from "../channels/index.js";
import { NonRetriableError } from "../core/index.js";
import type { BackgroundJob, Deps } from "../deps.js";
import type { BroadcastDefinition } from "../schemas/broadcast.js";
import {
  claimBroadcastRecipients,
  claimDueBroadcasts,
  selectActiveBroadcasts,
  selectBroadcastForUpdate,
  selectNextBroadcastAt,
  selectNextRecipientDue,
  updateBroadcastRow,
  type BroadcastRecipientRow,
  type BroadcastRow,
} from "../store/index.js";
import { loadBroadcastContent, type BroadcastContent } from "./content.js";
import { deliverBatch, type BroadcastTransport } from "./delivery.js";
import { definitionOf, finishPhaseIfDone, runStage, stopBroadcast } from "./stages.js";

export interface BroadcastSenderOptions {
  /** Recipients claimed and sent per engine round, default 500: one round stays short, so workflow runs are not held up. */
  batchSize?: number;
  /** How long a claim holds its recipients before another worker may send them, ms, default 300000. */
  leaseMs?: number;
  /**
   * Worker threads that build and write the SMTP messages, default 1 on a machine with several
   * cores (0: on the main thread, with rendering and the database).
   */
  smtpWorkers?: number;
}

/** Broadcast steps (snapshot chunks, winner choices) per round. */
const STAGES_PER_ROUND = 4;
const STAGE_LEASE_MS = 5 * 60_000;
/** Compiled contents kept per process, by broadcast (and winner). */
const MAX_CONTENTS = 50;

/**
 * Sends broadcasts from the engine loop, as a background job: each round runs the broadcasts'
 * due steps, then claims one batch of due recipients (a throttled broadcast no more than its
 * rate allows) and sends it. Claims hold rows for a lease (SKIP LOCKED on PostgreSQL), so any
 * number of workers share the work without taking the same rows, and a crash delays a batch
 * rather than losing it (its messages the SMTP server had accepted go again: see docs/broadcasts.md).
 */
export function installBroadcasts(deps: Deps, options: BroadcastSenderOptions = {}): void {
  const batchSize = options.batchSize ?? 500;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const smtpWorkers = options.smtpWorkers ?? (availableParallelism() > 1 ? 1 : 0);
  const contents = new Map<string, Promise<BroadcastContent>>();
  let smtp: SmtpSender | undefined;

  function transport(): BroadcastTransport {
    const url = deps.config.smtpUrl;
    if (!url) return { via: "mailbox", send: async () => ({ kind: "delivered", response: { durationMs: 0, via: "mailbox" } }) };
    smtp ??= smtpWorkers > 0 ? createSmtpWorkerSender(smtpOptions(deps, url), smtpWorkers) : createSmtpSender(smtpOptions(deps, url));
    const sender = smtp;
    return { via: "smtp", send: (m) => sender.send(m) };
  }

  function contentOf(b: BroadcastRow, def: BroadcastDefinition): Promise<BroadcastContent> {
    const key = `${b.id}\u0000${b.winner ?? ""}`;
    let content = contents.get(key);
    if (!content) {
      if (contents.size >= MAX_CONTENTS) contents.delete(contents.keys().next().value!);
      content = loadBroadcastContent(deps, b, def);
      content.catch(() => contents.delete(key));
      contents.set(key, content);
    }
    return content;
  }

  /** Up to `limit` due rows of the broadcast; a throttled one gets at most a second's worth, and only when its rate allows. */
  async function claim(b: BroadcastRow, def: BroadcastDefinition, limit: number, now: number): Promise<BroadcastRecipientRow[]> {
    const perSecond = def.throttle?.perSecond;
    if (perSecond === undefined) return claimBroadcastRecipients(deps.db, deps.dialect, b.id, now, limit, now + leaseMs);
    if ((b.throttle_at ?? 0) > now) return [];
    return deps.db.transaction().execute(async (trx) => {
      const current = await selectBroadcastForUpdate(trx, deps.dialect, b.id);
      if (!current || (current.throttle_at ?? 0) > now) return [];
      const rows = await claimBroadcastRecipients(trx, deps.dialect, b.id, now, Math.min(limit, perSecond), now + leaseMs);
      if (rows.length) await updateBroadcastRow(trx, b.id, { throttle_at: now + Math.ceil((rows.length * 1000) / perSecond) });
      return rows;
    });
  }

  /** One batch across the sending broadcasts; a broadcast with nothing due may have finished its phase. */
  async function sendDue(limit: number): Promise<number> {
    let done = 0;
    const active = await selectActiveBroadcasts(deps.db);
    for (const b of active) {
      if (done >= limit) break;
      const now = deps.clock.now();
      const def = definitionOf(b);
      const rows = b.status === "sending" ? await claim(b, def, limit - done, now) : [];
      if (!rows.length) {
        if (await finishPhaseIfDone(deps, b.id)) done++;
        continue;
      }
      done += rows.length;
      try {
        const content = await contentOf(b, def);
        await deliverBatch(deps, transport(), { broadcast: b, def, content, rows, leaseUntil: now + leaseMs });
      } catch (err) {
        if (err instanceof NonRetriableError) await stopBroadcast(deps, b.id, err.message);
        // Anything else: the rows stay claimed until the lease runs out, then are sent again.
        else deps.logger.error({ err, broadcastId: b.id }, "broadcast batch failed; its recipients are retried when the lease runs out");
      }
    }
    if (!active.some((b) => b.status === "sending")) closeSmtp();
    return done;
  }

  function closeSmtp(): void {
    smtp?.close();
    smtp = undefined;
    contents.clear();
  }

  const job: BackgroundJob = {
    name: "broadcasts",
    async runDue(limit) {
      const now = deps.clock.now();
      let done = 0;
      for (const b of await claimDueBroadcasts(deps.db, deps.dialect, now, STAGES_PER_ROUND, now + STAGE_LEASE_MS)) {
        await runStage(deps, b);
        done++;
      }
      return done + (await sendDue(Math.min(limit, batchSize)));
    },
    async nextDueAt() {
      const times: number[] = [];
      const next = await selectNextBroadcastAt(deps.db);
      if (next !== undefined) times.push(next);
      for (const b of await selectActiveBroadcasts(deps.db)) {
        if (b.status !== "sending") continue;
        const due = await selectNextRecipientDue(deps.db, b.id);
        if (due !== undefined) times.push(Math.max(due, b.throttle_at ?? 0));
      }
      return times.length ? Math.min(...times) : undefined;
    },
    close: closeSmtp,
  };
  deps.backgroundJobs.push(job);
}
