import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from "../core/index.js";
import type { Deps } from "../deps.js";
import { readContact } from "../contacts/index.js";
import { addDuration } from "../rules/index.js";
import { DEFAULT_SCORE, type ScoreOut, type ScoreSettings, type ScoringRuleIn, type ScoringRuleOut } from "../schemas/scoring.js";
import {
  deleteScoreDefinition,
  deleteScoringRule,
  fromJson,
  insertScoringRule,
  selectContactAwards,
  selectNamedScores,
  selectScoreDefinition,
  selectScoreDefinitions,
  selectScoringRule,
  selectScoringRules,
  selectWorkspace,
  toJson,
  updateScoringRule,
  upsertScoreDefinition,
  type ScoreDefinitionRow,
  type ScoringRuleRow,
} from "../store/index.js";

/** The main score before anyone configures it. */
const MAIN: ScoreSettings = { name: "Score", description: null, thresholds: [], decay: null, promote: [] };

function scoreToApi(key: string, settings: ScoreSettings, row?: ScoreDefinitionRow): ScoreOut {
  const at = (ms: number | undefined) => new Date(ms ?? 0).toISOString();
  return {
    key,
    name: settings.name,
    description: settings.description ?? null,
    thresholds: settings.thresholds,
    decay: settings.decay,
    promote: settings.promote,
    createdAt: at(row?.created_at),
    updatedAt: at(row?.updated_at),
  };
}

function settingsOf(row: ScoreDefinitionRow): ScoreSettings {
  return { ...fromJson<ScoreSettings>(row.settings), name: row.name, description: row.description };
}

/** Every score of the workspace, the main one (`default`) first. */
export async function listScores(deps: Deps, workspaceId: string): Promise<ScoreOut[]> {
  const rows = await selectScoreDefinitions(deps.db, workspaceId);
  const main = rows.find((r) => r.key === DEFAULT_SCORE);
  return [main ? scoreToApi(DEFAULT_SCORE, settingsOf(main), main) : scoreToApi(DEFAULT_SCORE, MAIN), ...rows.filter((r) => r.key !== DEFAULT_SCORE).map((r) => scoreToApi(r.key, settingsOf(r), r))];
}

export async function readScore(deps: Deps, workspaceId: string, key: string): Promise<ScoreOut> {
  const row = await selectScoreDefinition(deps.db, workspaceId, key);
  if (row) return scoreToApi(key, settingsOf(row), row);
  if (key === DEFAULT_SCORE) return scoreToApi(key, MAIN);
  throw new NotFoundError(`no score ${JSON.stringify(key)}`);
}

/** Creates or replaces a score's settings; a new halving period starts counting now. */
export async function putScore(deps: Deps, workspaceId: string, key: string, settings: ScoreSettings): Promise<ScoreOut> {
  const stages = (await selectWorkspace(deps.db, workspaceId))?.settings.lifecycleStages.map((s) => s.id) ?? [];
  const problems: FieldProblem[] = settings.promote.flatMap((p, i) =>
    stages.includes(p.stage) ? [] : [{ field: `promote.${i}.stage`, message: `unknown lifecycle stage ${JSON.stringify(p.stage)} (the stages are: ${stages.join(", ")})` }],
  );
  if (problems.length) throw new ValidationError(problems);
  const now = deps.clock.now();
  const current = await selectScoreDefinition(deps.db, workspaceId, key);
  const before = current ? settingsOf(current).decay : null;
  const halving = settings.decay?.kind === "halve" ? settings.decay : undefined;
  const keepsPeriod = halving && before?.kind === "halve" && JSON.stringify(before.every) === JSON.stringify(halving.every);
  const { name, description, ...rest } = settings;
  const row: ScoreDefinitionRow = {
    workspace_id: workspaceId,
    key,
    name,
    description: description ?? null,
    settings: toJson({ ...rest, thresholds: [...new Set(rest.thresholds)].sort((a, b) => a - b) }),
    decay_at: halving ? (keepsPeriod ? current!.decay_at : addDuration(now, halving.every, null)) : null,
    decay_cursor: keepsPeriod ? current!.decay_cursor : null,
    created_at: current?.created_at ?? now,
    updated_at: now,
  };
  await upsertScoreDefinition(deps.db, row);
  return readScore(deps, workspaceId, key);
}

/** Deletes a score's settings; a score rules still award points to cannot go. */
export async function deleteScore(deps: Deps, workspaceId: string, key: string): Promise<void> {
  if (!(await selectScoreDefinition(deps.db, workspaceId, key))) throw new NotFoundError(`no score ${JSON.stringify(key)}`);
  const users = (await selectScoringRules(deps.db, workspaceId)).filter((r) => r.score === key);
  if (users.length) throw new ConflictError(`scoring rules still award points to ${key}: ${users.map((r) => JSON.stringify(r.name)).join(", ")}`);
  await deleteScoreDefinition(deps.db, workspaceId, key);
}

function ruleToApi(row: ScoringRuleRow): ScoringRuleOut {
  return { ...fromJson<ScoringRuleIn>(row.definition), id: row.id, createdAt: new Date(row.created_at).toISOString(), updatedAt: new Date(row.updated_at).toISOString() };
}

async function checkRule(deps: Deps, workspaceId: string, input: ScoringRuleIn): Promise<void> {
  if (input.score !== DEFAULT_SCORE && !(await selectScoreDefinition(deps.db, workspaceId, input.score))) {
    throw ValidationError.field("score", `no score ${JSON.stringify(input.score)} in this workspace: create it with PUT /api/v1/scores/${input.score} first`);
  }
}

export async function createScoringRule(deps: Deps, workspaceId: string, input: ScoringRuleIn): Promise<ScoringRuleOut> {
  await checkRule(deps, workspaceId, input);
  const now = deps.clock.now();
  const row: ScoringRuleRow = { id: deps.ids(), workspace_id: workspaceId, score: input.score, name: input.name, kind: input.kind, definition: toJson(input), created_at: now, updated_at: now };
  await insertScoringRule(deps.db, row);
  return ruleToApi(row);
}

export async function listScoringRules(deps: Deps, workspaceId: string): Promise<ScoringRuleOut[]> {
  return (await selectScoringRules(deps.db, workspaceId)).map(ruleToApi);
}

async function getRule(deps: Deps, workspaceId: string, id: string): Promise<ScoringRuleRow> {
  const row = await selectScoringRule(deps.db, workspaceId, id);
  if (!row) throw new NotFoundError(`no scoring rule ${JSON.stringify(id)}`);
  return row;
}

export async function readScoringRule(deps: Deps, workspaceId: string, id: string): Promise<ScoringRuleOut> {
  return ruleToApi(await getRule(deps, workspaceId, id));
}

/** Replaces a rule; points already awarded stay as they were (they are history). */
export async function replaceScoringRule(deps: Deps, workspaceId: string, id: string, input: ScoringRuleIn): Promise<ScoringRuleOut> {
  await getRule(deps, workspaceId, id);
  await checkRule(deps, workspaceId, input);
  await updateScoringRule(deps.db, workspaceId, id, { score: input.score, name: input.name, kind: input.kind, definition: toJson(input), updated_at: deps.clock.now() });
  return readScoringRule(deps, workspaceId, id);
}

export async function removeScoringRule(deps: Deps, workspaceId: string, id: string): Promise<void> {
  await getRule(deps, workspaceId, id);
  await deleteScoringRule(deps.db, workspaceId, id);
}

/** Each score of a contact with its points and its latest awards (which rule, how many points, from which event). */
export async function contactScores(deps: Deps, workspaceId: string, contactId: string) {
  const contact = await readContact(deps, workspaceId, { id: contactId });
  const scores = await listScores(deps, workspaceId);
  const [awards, named] = await Promise.all([selectContactAwards(deps.db, contact.id, 200), selectNamedScores(deps.db, [contact.id])]);
  const points = new Map(named.map((r) => [r.score, r.points]));
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    data: scores.map((s) => ({
        key: s.key,
        name: s.name,
        points: s.key === DEFAULT_SCORE ? contact.score : (points.get(s.key) ?? 0),
        recentAwards: awards
          .filter((a) => a.score === s.key)
          .slice(0, 20)
          .map((a) => ({ id: a.id, ruleId: a.rule_id, points: a.points, eventId: a.event_id, awardedAt: iso(a.awarded_at)!, expiresAt: iso(a.expires_at), removedAt: iso(a.removed_at) })),
    })),
  };
}
