import { NotFoundError, ValidationError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { normalizeEmail, withContactSession, type ContactSession } from "../contacts/index.js";
import {
  deleteSuppressions,
  fromJson,
  insertSuppressions,
  selectSuppressionPage,
  selectSuppressionsOf,
  toJson,
  type SuppressionReason,
  type SuppressionRow,
} from "../store/index.js";
import type { SuppressionCreate, SuppressionOut } from "../schemas/consent.js";

export function suppressionToApi(row: SuppressionRow): SuppressionOut {
  return {
    id: row.id,
    email: row.email,
    reason: row.reason,
    detail: row.detail === null ? null : fromJson<Record<string, unknown>>(row.detail),
    source: row.source,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A suppression to add; `email` is already normalized. */
export interface NewSuppression {
  email: string;
  reason: SuppressionReason;
  detail: Record<string, unknown> | null;
  source: string;
}

/**
 * Adds suppressions in the session's transaction; one already there for the same address and
 * reason stays as it was (so a notification delivered twice adds one). Each new one is logged as
 * `contact.suppressed` on the contact with that address, if any. Returns how many were added.
 */
export async function suppress(deps: Deps, s: ContactSession, suppressions: NewSuppression[]): Promise<number> {
  const added = await insertSuppressions(
    s.transaction,
    suppressions.map((x) => ({ id: deps.ids(), workspace_id: s.workspaceId, email: x.email, reason: x.reason, detail: x.detail === null ? null : toJson(x.detail), source: x.source, created_at: s.now })),
  );
  await s.load({ emails: added.map((a) => a.email) });
  const sourceOf = new Map(suppressions.map((x) => [`${x.email} ${x.reason}`, x.source]));
  for (const { email, reason } of added) {
    const contact = s.find({ email });
    if (contact) s.record(contact, { kind: "internal", name: "contact.suppressed", properties: { email, reason, source: sourceOf.get(`${email} ${reason}`) } });
  }
  return added.length;
}

/** Adds one suppression through the API; `created` is false when the address already had it for that reason. */
export async function addSuppression(deps: Deps, workspaceId: string, input: SuppressionCreate): Promise<{ suppression: SuppressionOut; created: boolean }> {
  const email = emailOf(input.email);
  return withContactSession(deps, workspaceId, async (s) => {
    const created = (await suppress(deps, s, [{ email, reason: input.reason, detail: input.detail ?? null, source: "api" }])) > 0;
    const row = (await selectSuppressionsOf(s.transaction, workspaceId, [email])).find((r) => r.reason === input.reason)!;
    return { suppression: suppressionToApi(row), created };
  });
}

/** A page of suppressions, newest first. */
export async function listSuppressions(
  deps: Deps,
  workspaceId: string,
  query: { beforeId?: string; limit: number; email?: string | undefined; reason?: SuppressionReason | undefined },
): Promise<SuppressionOut[]> {
  const { email, reason, ...page } = query;
  const filter = { ...(email === undefined ? {} : { email: normalizeEmail(email) ?? email }), ...(reason === undefined ? {} : { reason }) };
  return (await selectSuppressionPage(deps.db, workspaceId, { ...page, ...filter })).map(suppressionToApi);
}

/**
 * Lifts the address's suppressions (only `reason`'s when given), logged as `contact.unsuppressed`
 * on its contact; NotFoundError when there was none.
 */
export async function removeSuppressions(deps: Deps, workspaceId: string, input: string, reason?: SuppressionReason): Promise<void> {
  const email = emailOf(input, "params.email");
  await withContactSession(deps, workspaceId, async (s) => {
    const removed = await deleteSuppressions(s.transaction, workspaceId, email, reason);
    if (!removed.length) throw new NotFoundError(`${email} is not suppressed${reason ? ` for ${reason}` : ""}`);
    await s.load({ emails: [email] });
    const contact = s.find({ email });
    if (contact) s.record(contact, { kind: "internal", name: "contact.unsuppressed", properties: { email, reasons: removed.map((r) => r.reason).sort() } });
  });
}

function emailOf(input: string, field = "email"): string {
  const email = normalizeEmail(input);
  if (!email) throw ValidationError.field(field, `${JSON.stringify(input)} is not a valid email address`);
  return email;
}
