import { z } from "zod";
import { readContactRuns, readRun, enrolContact } from "../../engine/index.js";
import { ClockAdvance, ClockState, EnrolBody, EnrolResult, Run, RunWithHistory } from "../../schemas/run.js";
import { ConflictError } from "../../core/index.js";
import type { App, RouteContext } from "../app.js";

const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });

export function runRoutes(app: App, { deps, engine }: RouteContext): void {
  app.post(
    "/workflows/:id/enrol",
    {
      schema: {
        tags: ["runs"],
        security,
        summary: "Enrol a contact in the workflow's current version (its entry rules apply); says why not when it does not",
        params: IdParams,
        body: EnrolBody,
        response: { 200: EnrolResult },
      },
    },
    async (req) => {
      const enrolment = { workspaceId: req.principal.workspaceId, workflowId: req.params.id, contactId: req.body.contactId, trigger: { type: "api" } };
      return engine ? engine.enrol(enrolment) : enrolContact(deps, enrolment);
    },
  );

  app.get(
    "/runs/:id",
    { schema: { tags: ["runs"], security, summary: "A run with every step it took, each with its decision and reason", params: IdParams, response: { 200: RunWithHistory } } },
    async (req) => readRun(deps, req.principal.workspaceId, req.params.id),
  );

  app.get(
    "/contacts/:id/runs",
    { schema: { tags: ["runs"], security, summary: "The workflow runs of a contact, newest first", params: IdParams, response: { 200: z.object({ data: z.array(Run) }) } } },
    async (req) => ({ data: await readContactRuns(deps, req.principal.workspaceId, req.params.id) }),
  );

  app.post(
    "/test-clock/advance",
    {
      schema: {
        tags: ["test clock"],
        security,
        summary: "Test clock (PARCOURS_CLOCK=manual): move time forward, run everything that falls due in time order, answer when done",
        body: ClockAdvance,
        response: { 200: ClockState },
      },
    },
    async (req) => {
      if (!engine) throw new ConflictError("this process runs no engine");
      const { now, advanced } = await engine.advanceClock(req.body.ms);
      return { now: new Date(now).toISOString(), advanced };
    },
  );
}
