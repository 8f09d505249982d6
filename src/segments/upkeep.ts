import type { BackgroundJob, Deps, EventReactor } from "../deps.js";
import type { Rule } from "../schemas/rule.js";
import { fromJson, leaseSegment, selectDueSegments, selectNextSegmentRecompute, selectSegment, selectSegments, selectSegmentsStamp, toJson, updateSegmentRow, type Db, type NewEventRow, type SegmentRow } from "../store/index.js";
import { recomputeEvents, recomputeMembers, refreshMembers, ruleContext, type SegmentDefinition, type SegmentRefresh } from "./membership.js";
import { mayChange, ruleReads, type RuleReads } from "./rule-reads.js";

interface Cached extends SegmentDefinition {
  reads: RuleReads;
  ready: boolean;
}

/** Segments processed per background round; each is one transaction. */
const RECOMPUTES_PER_ROUND = 4;
const LEASE_MS = 10 * 60_000;
/** Events handed to the other reactors at a time after a recompute. */
const EVENT_PAGE = 2000;

/**
 * Keeps segment membership current: a reactor refreshes, for the contacts a unit of work
 * touched, the segments its events may change (in dependency order, so a segment of segments
 * sees its parts' new members), and a background job runs full recomputes when a rule changed
 * or a rolling window may have moved.
 */
export function installSegments(deps: Deps): void {
  const cache = new Map<string, { stamp: string; levels: Cached[][] }>();

  async function definitions(db: Db, workspaceId: string): Promise<Cached[][]> {
    const stamp = await selectSegmentsStamp(db, workspaceId);
    const hit = cache.get(workspaceId);
    if (hit?.stamp === stamp) return hit.levels;
    const levels = dependencyLevels(await selectSegments(db, workspaceId));
    cache.set(workspaceId, { stamp, levels });
    return levels;
  }

  const reactor: EventReactor = {
    async react(db, workspaceId, events) {
      const levels = await definitions(db, workspaceId);
      if (!levels.length) return;
      const now = deps.clock.now();
      let ctx: Awaited<ReturnType<typeof ruleContext>> | undefined;
      const produced: NewEventRow[] = [];
      // A level's segments read only earlier levels' memberships, which are current by then.
      for (const level of levels) {
        const wanted: SegmentRefresh[] = [];
        for (const segment of level) {
          if (!segment.ready) continue;
          const contacts = new Set<string>();
          for (const e of [...events, ...produced]) {
            if (!contacts.has(e.contact_id) && mayChange(segment.reads, e.name ?? null, () => fromJson<Record<string, unknown>>(e.properties) ?? {})) contacts.add(e.contact_id);
          }
          if (contacts.size) wanted.push({ segment, contactIds: [...contacts] });
        }
        if (!wanted.length) continue;
        // Shares the rows with other units of work; a full recompute (which locks its row) waits for them.
        const rows = await deps.dialect.forShare(db.selectFrom("segments").select(["id", "status", "rule_version"]).where("id", "in", wanted.map((w) => w.segment.id))).execute();
        const current = new Set(rows.filter((r) => r.status === "ready").map((r) => `${r.id}@${r.rule_version}`));
        const refreshes = wanted.filter((w) => current.has(`${w.segment.id}@${w.segment.ruleVersion}`));
        if (!refreshes.length) continue;
        ctx ??= await ruleContext(deps, db, workspaceId, now);
        produced.push(...(await refreshMembers(deps, db, refreshes, ctx)));
      }
      return produced;
    },
  };

  const job: BackgroundJob = {
    name: "segment recompute",
    async runDue() {
      const now = deps.clock.now();
      let done = 0;
      for (const due of await selectDueSegments(deps.db, now, RECOMPUTES_PER_ROUND)) {
        if (!(await leaseSegment(deps.db, due.id, due.rule_version, now, now + LEASE_MS))) continue;
        try {
          await recompute(deps, due);
        } catch (err) {
          deps.logger.error({ err, segmentId: due.id }, "segment recompute failed");
          const retryIn = Math.min(2 ** due.attempts * 1000, 15 * 60_000);
          await updateSegmentRow(deps.db, due.workspace_id, due.id, { lease_until: null, recompute_at: now + retryIn, error: toJson({ message: (err as Error).message }) });
        }
        done++;
      }
      return done;
    },
    nextDueAt: () => selectNextSegmentRecompute(deps.db),
  };

  deps.eventReactors.push(reactor);
  deps.backgroundJobs.push(job);
}

/**
 * One full recompute, in one transaction holding the segment's row: a rule changed meanwhile
 * (another version) leaves the work to the recompute that change scheduled.
 */
async function recompute(deps: Deps, due: SegmentRow): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await selectSegment(trx, deps.dialect, due.workspace_id, due.id, true);
    if (!row || row.rule_version !== due.rule_version) return;
    const now = deps.clock.now();
    const ctx = await ruleContext(deps, trx, row.workspace_id, now);
    const segment = definition(row);
    const outcome = await recomputeMembers(deps, trx, segment, ctx);
    await updateSegmentRow(trx, row.workspace_id, row.id, {
      status: "ready",
      member_count: outcome.members,
      computed_at: now,
      recompute_at: row.refresh_interval_ms === null ? null : now + row.refresh_interval_ms,
      lease_until: null,
      attempts: 0,
      error: null,
    });
    // Workflows triggered by segment.entered, and segments of this segment, react as to any change.
    for (const prefix of [outcome.prefixes.entered, outcome.prefixes.exited]) {
      for (let page = await recomputeEvents(trx, prefix, null, EVENT_PAGE); page.length; page = await recomputeEvents(trx, prefix, page[page.length - 1]!.id, EVENT_PAGE)) {
        let events = page;
        for (const reactor of deps.eventReactors) {
          const derived = await reactor.react(trx, row.workspace_id, events);
          if (derived?.length) events = [...events, ...derived];
        }
      }
    }
  });
}

function definition(row: SegmentRow): SegmentDefinition {
  return { id: row.id, workspaceId: row.workspace_id, rule: fromJson<Rule>(row.rule), ruleVersion: row.rule_version };
}

/**
 * Segments by dependency level: level 0 reads no segment, level n only segments of lower levels
 * (rules are checked for cycles when saved; one slipping through is placed, not looped on).
 */
function dependencyLevels(rows: SegmentRow[]): Cached[][] {
  const byId = new Map(rows.map((r) => [r.id, { ...definition(r), reads: ruleReads(fromJson<Rule>(r.rule)), ready: r.status === "ready" }]));
  const depth = new Map<string, number>();
  const levelOf = (segment: Cached, path: Set<string>): number => {
    const known = depth.get(segment.id);
    if (known !== undefined) return known;
    if (path.has(segment.id)) return 0;
    path.add(segment.id);
    let level = 0;
    for (const dep of segment.reads.segments) {
      const d = byId.get(dep);
      if (d) level = Math.max(level, levelOf(d, path) + 1);
    }
    path.delete(segment.id);
    depth.set(segment.id, level);
    return level;
  };
  const levels: Cached[][] = [];
  for (const segment of byId.values()) (levels[levelOf(segment, new Set())] ??= []).push(segment);
  return levels.filter((l) => l !== undefined);
}
