import { sql, type RawBuilder } from "kysely";
import type { Db } from "./contacts.js";

/** A funnel report's period: stage entries at `from` ≤ t < `to` (epoch ms); follow-ups are looked at up to `to`. */
export interface FunnelWindow {
  from: number;
  to: number;
}

/** Per stage: who entered it in the period and what became of them by the period's end. */
export interface StageFlow {
  stage: string;
  /** Distinct contacts that entered the stage. */
  entered: number;
  /** Of those, contacts that entered the very next stage afterwards. */
  reachedNext: number;
  /** Of those, contacts that entered any later stage afterwards. */
  reachedLater: number;
  /** Stays begun in the period that had not ended by its end. */
  stillInStage: number;
}

/** Per stage: how long the stays begun in the period and ended by its end lasted (ms). */
export interface StageDurations {
  stage: string;
  stays: number;
  averageMs: number;
  medianMs: number;
}

/**
 * Each change of the period with the stage's funnel position (null for a cleared stage or one
 * no longer in `stages`), when the contact next changed stage (`left_at`), and the furthest
 * position it reached afterwards (`later_pos`), all within the period.
 */
function changesInWindow(workspaceId: string, stages: string[], w: FunnelWindow): RawBuilder<unknown> {
  const pos = sql`case to_stage ${sql.join(
    stages.map((s, i) => sql`when ${s} then ${sql.lit(i)}`),
    sql` `,
  )} end`;
  const order = sql`partition by contact_id order by changed_at, id`;
  return sql`select id, contact_id, to_stage, changed_at, ${pos} as pos,
      lead(changed_at) over (${order}) as left_at,
      max(${pos}) over (${order} rows between 1 following and unbounded following) as later_pos
    from lifecycle_changes
    where workspace_id = ${workspaceId} and changed_at >= ${w.from} and changed_at < ${w.to}`;
}

/** Entries and conversions per stage, in one set-based query (stages nobody entered are absent). */
export async function selectStageFlows(db: Db, workspaceId: string, stages: string[], w: FunnelWindow): Promise<StageFlow[]> {
  const { rows } = await sql<Record<keyof StageFlow, string | number>>`
    with c as (${changesInWindow(workspaceId, stages, w)}),
    e as (select * from c where pos is not null)
    select e.to_stage as stage,
      count(distinct e.contact_id) as entered,
      count(distinct n.contact_id) as "reachedNext",
      count(distinct case when e.later_pos > e.pos then e.contact_id end) as "reachedLater",
      count(distinct case when e.left_at is null then e.id end) as "stillInStage"
    from e
    left join e n on n.contact_id = e.contact_id and n.pos = e.pos + 1
      and (n.changed_at > e.changed_at or (n.changed_at = e.changed_at and n.id > e.id))
    group by e.to_stage`.execute(db);
  return rows.map((r) => ({
    stage: String(r.stage),
    entered: Number(r.entered),
    reachedNext: Number(r.reachedNext),
    reachedLater: Number(r.reachedLater),
    stillInStage: Number(r.stillInStage),
  }));
}

/**
 * Time in stage per stage: average and median of the stays that ended in the period. The median
 * is the mean of the one or two middle rows by rank, which both databases compute the same way.
 */
export async function selectStageDurations(db: Db, workspaceId: string, stages: string[], w: FunnelWindow): Promise<StageDurations[]> {
  const { rows } = await sql<Record<keyof StageDurations, string | number>>`
    with c as (${changesInWindow(workspaceId, stages, w)}),
    s as (select to_stage as stage, left_at - changed_at as d from c where pos is not null and left_at is not null),
    r as (select stage, d, row_number() over (partition by stage order by d) as rn, count(*) over (partition by stage) as n from s)
    select stage, count(*) as stays, avg(d) as "averageMs",
      avg(case when rn in ((n + 1) / 2, (n + 2) / 2) then d end) as "medianMs"
    from r group by stage`.execute(db);
  return rows.map((r) => ({ stage: String(r.stage), stays: Number(r.stays), averageMs: Number(r.averageMs), medianMs: Number(r.medianMs) }));
}
