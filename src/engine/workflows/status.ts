import { ConflictError } from "../../core/index.js";
import type { Deps } from "../../deps.js";
import { updateWorkflow } from "../../store/index.js";
import { syncTriggerSchedules } from "../scheduled/index.js";
import type { WorkflowOut, WorkflowStatus } from "../../schemas/workflow-api.js";
import { assertNotArchived, getWorkflowRow, readWorkflow } from "./workflows.js";

type Command = "pause" | "resume" | "archive";

const TARGET: Record<Command, { status: WorkflowStatus; done: string }> = {
  pause: { status: "paused", done: "paused" },
  resume: { status: "active", done: "resumed" },
  archive: { status: "archived", done: "archived" },
};

/** Stops new enrolments (what runs in flight do while paused is the engine's); resume undoes it. */
export const pauseWorkflow = (deps: Deps, workspaceId: string, id: string) => changeStatus(deps, workspaceId, id, "pause");

/** Makes a paused workflow active again, on its current version. */
export const resumeWorkflow = (deps: Deps, workspaceId: string, id: string) => changeStatus(deps, workspaceId, id, "resume");

/** Final: an archived workflow can no longer be edited, published, paused or resumed. */
export const archiveWorkflow = (deps: Deps, workspaceId: string, id: string) => changeStatus(deps, workspaceId, id, "archive");

/** Repeating a command whose status already holds changes nothing, so clients may retry. */
async function changeStatus(deps: Deps, workspaceId: string, id: string, command: Command): Promise<WorkflowOut> {
  const target = TARGET[command];
  await deps.db.transaction().execute(async (trx) => {
    const row = await getWorkflowRow(deps, workspaceId, id, trx, true);
    if (row.status === target.status) return;
    assertNotArchived(row, target.done);
    if (row.status === "draft" && command !== "archive") {
      throw new ConflictError(`workflow ${JSON.stringify(id)} has never been published: only a published workflow can be ${target.done}`, "status");
    }
    await updateWorkflow(trx, workspaceId, id, { status: target.status, updated_at: deps.clock.now() });
    await syncTriggerSchedules(deps, trx, { workspaceId, workflowId: id, version: target.status === "active" ? row.current_version : null });
  });
  return readWorkflow(deps, workspaceId, id);
}
