import { z } from "zod";
import { ValidationError } from "../../core/index.js";
import { funnelReport, lifecycleChangeToApi, readLifecycleHistory } from "../../contacts/index.js";
import { FunnelQuery, FunnelReport, LIFECYCLE_PRESETS, LifecycleChange, LifecycleHistoryQuery, LifecyclePreset } from "../../schemas/lifecycle.js";
import type { App, RouteContext } from "../app.js";
import { decodeCursor, pageOf, toPage } from "../pagination.js";

const security = [{ secretKey: [] }];
const DAY_MS = 86_400_000;

/** Lifecycle presets, a contact's stage history, and the funnel report built on it. */
export function lifecycleRoutes(app: App, { deps }: RouteContext): void {
  app.get(
    "/lifecycle-presets",
    {
      schema: {
        tags: ["workspace"],
        security,
        summary: "Ready-made ordered stage lists; adopt one with PUT /workspace/lifecycle-stages { preset }",
        response: { 200: z.object({ data: z.array(LifecyclePreset) }) },
      },
    },
    async () => ({ data: Object.values(LIFECYCLE_PRESETS) }),
  );

  app.get(
    "/contacts/:id/lifecycle",
    {
      schema: {
        tags: ["contacts"],
        security,
        summary: "The contact's lifecycle stage changes with their causes, newest first",
        params: z.object({ id: z.string() }),
        querystring: LifecycleHistoryQuery,
        response: { 200: pageOf(LifecycleChange) },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      const decoded = decodeCursor(cursor, 2);
      if (decoded && (typeof decoded[0] !== "number" || typeof decoded[1] !== "string")) {
        throw ValidationError.field("query.cursor", "is not a cursor this API returned");
      }
      const before = decoded ? { changedAt: decoded[0] as number, id: decoded[1] as string } : undefined;
      const rows = await readLifecycleHistory(deps, req.principal.workspaceId, req.params.id, { limit: limit + 1, ...(before ? { before } : {}) });
      const page = toPage(rows, limit, (last) => [last.changed_at, last.id]);
      return { data: page.data.map(lifecycleChangeToApi), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/reports/funnel",
    {
      schema: {
        tags: ["reports"],
        security,
        summary: "Per lifecycle stage, in funnel order: contacts there now, entries in the period, conversions and time in stage",
        querystring: FunnelQuery,
        response: { 200: FunnelReport },
      },
    },
    async (req) => {
      const to = req.query.to ? Date.parse(req.query.to) : deps.clock.now();
      const from = req.query.from ? Date.parse(req.query.from) : to - 30 * DAY_MS;
      if (from >= to) throw ValidationError.field("query.from", "must be before `to` (default now)");
      return funnelReport(deps, req.principal.workspaceId, { from, to });
    },
  );
}
