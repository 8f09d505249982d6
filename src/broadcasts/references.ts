import { templateProblem } from "../channels/index.js";
import { ValidationError, type FieldProblem } from "../core/index.js";
import type { Deps } from "../deps.js";
import type { BroadcastDefinition } from "../schemas/broadcast.js";
import { selectList, selectSegment, selectSenderIdentity, selectTemplate, selectTopic, type Db } from "../store/index.js";
import { localInstant } from "./schedule.js";

/** A well-formed broadcast that cannot be sent as it stands: 422, every problem listed. */
export class BroadcastNotSendable extends ValidationError {
  override readonly status = 422;
  override readonly title = "Broadcast cannot be sent";
}

/** The zone whose clocks are furthest behind: a local time has passed everywhere once it has passed there. */
const LATEST_ZONE = "UTC-12";

/**
 * Everything the definition names that must exist in the workspace, and its subject lines: the
 * problems, each naming its field (`templateId`, `audience.listId`, `abTest.variants.1.templateId`).
 */
export async function referenceProblems(deps: Deps, db: Db, workspaceId: string, def: BroadcastDefinition): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const template = async (field: string, id: string) => {
    const row = await selectTemplate(db, deps.dialect, workspaceId, id);
    if (!row) problems.push({ field, message: `no template ${JSON.stringify(id)} in this workspace` });
    else if (row.channel !== "email") problems.push({ field, message: `template ${JSON.stringify(id)} is a ${row.channel} template, not an email one` });
  };
  await template("templateId", def.templateId);
  for (const [i, v] of (def.abTest?.variants ?? []).entries()) {
    if (v.templateId !== undefined) await template(`abTest.variants.${i}.templateId`, v.templateId);
    const why = v.subject === undefined ? undefined : templateProblem(v.subject);
    if (why) problems.push({ field: `abTest.variants.${i}.subject`, message: `Liquid: ${why}` });
  }
  const resendWhy = def.resend ? templateProblem(def.resend.subject) : undefined;
  if (resendWhy) problems.push({ field: "resend.subject", message: `Liquid: ${resendWhy}` });
  if ("listId" in def.audience) {
    if (!(await selectList(db, deps.dialect, workspaceId, def.audience.listId))) problems.push({ field: "audience.listId", message: `no list ${JSON.stringify(def.audience.listId)} in this workspace` });
  } else if (!(await selectSegment(db, deps.dialect, workspaceId, def.audience.segmentId))) {
    problems.push({ field: "audience.segmentId", message: `no segment ${JSON.stringify(def.audience.segmentId)} in this workspace` });
  }
  if (def.topicId !== undefined && !(await selectTopic(db, workspaceId, def.topicId))) problems.push({ field: "topicId", message: `no topic ${JSON.stringify(def.topicId)} in this workspace` });
  if (def.senderId !== undefined && !(await selectSenderIdentity(db, workspaceId, def.senderId))) problems.push({ field: "senderId", message: `no sender identity ${JSON.stringify(def.senderId)} in this workspace` });
  return problems;
}

/** What stops a draft from being sent now: missing references, or a local time that has passed everywhere. */
export async function sendProblems(deps: Deps, db: Db, workspaceId: string, def: BroadcastDefinition, now: number): Promise<FieldProblem[]> {
  const problems = await referenceProblems(deps, db, workspaceId, def);
  if (def.schedule && "localTime" in def.schedule && localInstant(def.schedule.localTime.date, def.schedule.localTime.time, LATEST_ZONE) <= now) {
    problems.push({ field: "schedule.localTime", message: `${def.schedule.localTime.date} ${def.schedule.localTime.time} has passed in every time zone` });
  }
  return problems;
}
