import { ConflictError, NotFoundError } from "../core/index.js";
import type { Deps } from "../deps.js";
import type { SenderIn, SenderOut, SenderUpdate } from "../schemas/sender.js";
import {
  deleteSenderIdentity,
  insertSenderIdentity,
  selectDefaultSenderIdentity,
  selectSenderIdentities,
  selectSenderIdentity,
  setDefaultSenderIdentity,
  updateSenderIdentity,
  type Db,
  type SenderIdentityRow,
} from "../store/index.js";

export async function createSender(deps: Deps, workspaceId: string, input: SenderIn): Promise<SenderOut> {
  const now = deps.clock.now();
  const id = deps.ids();
  await deps.db.transaction().execute(async (trx) => {
    const first = (await selectSenderIdentities(trx, workspaceId)).length === 0;
    await insertSenderIdentity(trx, {
      id,
      workspace_id: workspaceId,
      name: input.name,
      from_email: input.fromEmail,
      from_name: input.fromName ?? null,
      reply_to: input.replyTo ?? null,
      is_default: 0,
      created_at: now,
      updated_at: now,
    });
    if (first || input.isDefault) await setDefaultSenderIdentity(trx, workspaceId, id);
  });
  return readSender(deps, workspaceId, id);
}

export async function listSenders(deps: Deps, workspaceId: string): Promise<SenderOut[]> {
  return (await selectSenderIdentities(deps.db, workspaceId)).map(senderToApi);
}

export async function readSender(deps: Deps, workspaceId: string, id: string): Promise<SenderOut> {
  return senderToApi(await getSender(deps.db, workspaceId, id));
}

export async function updateSender(deps: Deps, workspaceId: string, id: string, input: SenderUpdate): Promise<SenderOut> {
  const current = await getSender(deps.db, workspaceId, id);
  if (input.isDefault === false && current.is_default) throw new ConflictError("make another identity the default instead; a workspace keeps one", "isDefault");
  await deps.db.transaction().execute(async (trx) => {
    await updateSenderIdentity(trx, workspaceId, id, {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.fromEmail === undefined ? {} : { from_email: input.fromEmail }),
      ...(input.fromName === undefined ? {} : { from_name: input.fromName }),
      ...(input.replyTo === undefined ? {} : { reply_to: input.replyTo }),
      updated_at: deps.clock.now(),
    });
    if (input.isDefault) await setDefaultSenderIdentity(trx, workspaceId, id);
  });
  return readSender(deps, workspaceId, id);
}

export async function deleteSender(deps: Deps, workspaceId: string, id: string): Promise<void> {
  const current = await getSender(deps.db, workspaceId, id);
  if (current.is_default && (await selectSenderIdentities(deps.db, workspaceId)).length > 1) {
    throw new ConflictError("make another identity the default before deleting this one", "isDefault");
  }
  await deleteSenderIdentity(deps.db, workspaceId, id);
}

/**
 * The From and Reply-To an email goes out with: the named identity, else the workspace's
 * default, else the install's MAIL_FROM. A named identity that is gone is an error for the caller.
 */
export async function senderAddress(deps: Deps, db: Db, workspaceId: string, senderId: string | undefined): Promise<{ from: string; replyTo?: string } | undefined> {
  const row = senderId === undefined ? await selectDefaultSenderIdentity(db, workspaceId) : await selectSenderIdentity(db, workspaceId, senderId);
  if (!row) return senderId === undefined ? { from: deps.config.mailFrom } : undefined;
  return { from: fromHeader(row), ...(row.reply_to ? { replyTo: row.reply_to } : {}) };
}

async function getSender(db: Db, workspaceId: string, id: string): Promise<SenderIdentityRow> {
  const row = await selectSenderIdentity(db, workspaceId, id);
  if (!row) throw new NotFoundError(`no sender identity ${JSON.stringify(id)}`);
  return row;
}

function fromHeader(row: SenderIdentityRow): string {
  return row.from_name ? `"${row.from_name.replace(/["\\]/g, "\\$&")}" <${row.from_email}>` : row.from_email;
}

function senderToApi(row: SenderIdentityRow): SenderOut {
  return {
    id: row.id,
    name: row.name,
    fromEmail: row.from_email,
    fromName: row.from_name,
    replyTo: row.reply_to,
    isDefault: row.is_default === 1,
    from: fromHeader(row),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
