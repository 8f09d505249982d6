import { z } from "zod";
import { contactScores, createScoringRule, deleteScore, listScores, listScoringRules, putScore, readScore, readScoringRule, removeScoringRule, replaceScoringRule } from "../../scoring/index.js";
import { ContactScores, ScoreKey, ScoreOut, ScoreSettings, ScoringRuleIn, ScoringRuleOut } from "../../schemas/scoring.js";
import type { App, RouteContext } from "../app.js";

const tags = ["scoring"];
const security = [{ secretKey: [] }];
const KeyParams = z.object({ key: ScoreKey });
const IdParams = z.object({ id: z.string() });

/** Named scores (thresholds, decay, promotion), the rules that award points, and each contact's scores. */
export function scoringRoutes(app: App, { deps }: RouteContext): void {
  app.get("/scores", { schema: { tags, security, summary: "The workspace's scores, the main one (default) first", response: { 200: z.object({ data: z.array(ScoreOut) }) } } }, async (req) => ({
    data: await listScores(deps, req.principal.workspaceId),
  }));

  app.get("/scores/:key", { schema: { tags, security, summary: "Read a score's settings", params: KeyParams, response: { 200: ScoreOut } } }, async (req) =>
    readScore(deps, req.principal.workspaceId, req.params.key),
  );

  app.put(
    "/scores/:key",
    { schema: { tags, security, summary: "Create a score or replace its settings (thresholds, decay, promotion)", params: KeyParams, body: ScoreSettings, response: { 200: ScoreOut } } },
    async (req) => putScore(deps, req.principal.workspaceId, req.params.key, req.body),
  );

  app.delete("/scores/:key", { schema: { tags, security, summary: "Delete a score no rule awards points to", params: KeyParams, response: { 204: z.null() } } }, async (req, reply) => {
    await deleteScore(deps, req.principal.workspaceId, req.params.key);
    return reply.status(204).send(null);
  });

  app.post("/scoring-rules", { schema: { tags, security, summary: "Create a scoring rule", body: ScoringRuleIn, response: { 201: ScoringRuleOut } } }, async (req, reply) =>
    reply.status(201).send(await createScoringRule(deps, req.principal.workspaceId, req.body)),
  );

  app.get("/scoring-rules", { schema: { tags, security, summary: "Every scoring rule, oldest first", response: { 200: z.object({ data: z.array(ScoringRuleOut) }) } } }, async (req) => ({
    data: await listScoringRules(deps, req.principal.workspaceId),
  }));

  app.get("/scoring-rules/:id", { schema: { tags, security, summary: "Read a scoring rule", params: IdParams, response: { 200: ScoringRuleOut } } }, async (req) =>
    readScoringRule(deps, req.principal.workspaceId, req.params.id),
  );

  app.put(
    "/scoring-rules/:id",
    { schema: { tags, security, summary: "Replace a scoring rule; points already awarded stay", params: IdParams, body: ScoringRuleIn, response: { 200: ScoringRuleOut } } },
    async (req) => replaceScoringRule(deps, req.principal.workspaceId, req.params.id, req.body),
  );

  app.delete("/scoring-rules/:id", { schema: { tags, security, summary: "Delete a scoring rule", params: IdParams, response: { 204: z.null() } } }, async (req, reply) => {
    await removeScoringRule(deps, req.principal.workspaceId, req.params.id);
    return reply.status(204).send(null);
  });

  app.get(
    "/contacts/:id/scores",
    { schema: { tags, security, summary: "A contact's scores, each with its latest awards (rule, points, event)", params: IdParams, response: { 200: ContactScores } } },
    async (req) => contactScores(deps, req.principal.workspaceId, req.params.id),
  );
}
