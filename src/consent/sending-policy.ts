import { NotFoundError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { SendingPolicy } from "../schemas/sending-policy.js";
import { lockWorkspace, selectRecentSends, selectWorkspace, updateWorkspaceSettings, type Db } from "../store/index.js";
import type { ConsentChannel, MessageCategory } from "./consent-decision.js";
import { decidePressure, PRESSURE_LOOKBACK_MS, type PressureDecision } from "./sending-pressure.js";

const ALLOWED: PressureDecision = { allowed: true };
/** A workspace without a policy holds nothing back. */
const NO_POLICY: SendingPolicy = SendingPolicy.parse({});

/** The workspace's sending policy (frequency cap, quiet hours); an empty one when none was set. */
export async function readSendingPolicy(deps: Deps, workspaceId: string): Promise<SendingPolicy> {
  const ws = await selectWorkspace(deps.db, workspaceId);
  if (!ws) throw new NotFoundError(`no workspace ${workspaceId}`);
  return ws.settings.sendingPolicy ?? NO_POLICY;
}

/** Replaces the workspace's sending policy as a whole; steps that run from now on follow it. */
export async function putSendingPolicy(deps: Deps, workspaceId: string, policy: SendingPolicy): Promise<SendingPolicy> {
  return deps.db.transaction().execute(async (trx) => {
    if (!(await lockWorkspace(trx, deps.dialect, workspaceId))) throw new NotFoundError(`no workspace ${workspaceId}`);
    const workspace = (await selectWorkspace(trx, workspaceId))!;
    await updateWorkspaceSettings(trx, workspaceId, { ...workspace.settings, sendingPolicy: policy });
    return policy;
  });
}

/** A message about to go to a contact, as the sending-pressure check reads it. */
export interface PressureCheckInput {
  workspaceId: string;
  contactId: string;
  /** The contact's IANA zone, if it has one. */
  timezone: string | null;
  channel: ConsentChannel;
  category: MessageCategory;
  /** epoch ms */
  now: number;
}

/**
 * May this message go now under the workspace's sending policy, and if not, until when is it
 * held back? Transactional messages are let through without a query. Otherwise reads the policy
 * (without locking the workspace row: every message step would contend for it, and a step that
 * saw the policy just before it changed is still right) and, only when the channel has a cap, the
 * contact's marketing messages of the channel queued in the last 7 days, with the caller's
 * transaction `db`, which should hold the contact's row: two steps for one contact then cannot
 * both pass a cap. Rules: `decidePressure`.
 */
export async function checkSendingPressure(deps: Deps, input: PressureCheckInput, db: Db = deps.db): Promise<PressureDecision> {
  const { channel, category, now } = input;
  if (category === "transactional") return ALLOWED;
  const policy = (await selectWorkspace(db, input.workspaceId))?.settings.sendingPolicy;
  if (!policy) return ALLOWED;
  const sent = policy.frequencyCap?.[channel]
    ? ((await selectRecentSends(db, deps.dialect, { workspaceId: input.workspaceId, contactIds: [input.contactId], kind: channel, category, since: now - PRESSURE_LOOKBACK_MS })).get(input.contactId) ?? [])
    : [];
  return decidePressure({ policy, channel, category, sent, now, timezone: input.timezone });
}
