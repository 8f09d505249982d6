import { groupBy } from "../core/index.js";
import type { Deps } from "../deps.js";
import { normalizeEmail } from "../contacts/index.js";
import { selectConsentFacts, selectSuppressionsOf, type Db } from "../store/index.js";
import { decideConsent, type ConsentCheck, type ConsentDecision } from "./consent-decision.js";

/** One message to many contacts (a broadcast): the input of `checkConsentMany`. */
export interface ConsentCheckMany extends Omit<ConsentCheck, "contactId" | "email"> {
  recipients: { contactId: string; email: string | null }[];
}

/** Recipients per pair of queries: well under either database's bound-parameter limit. */
const CHUNK = 5000;

/**
 * May this message go to this contact now? Two queries: the contact with its topic choice, and
 * the suppressions of the address. Pass the caller's transaction as `db` to decide with what it
 * sees. Rules: see `decideConsent`.
 */
export async function checkConsent(deps: Deps, check: ConsentCheck, db: Db = deps.db): Promise<ConsentDecision> {
  const { contactId, email, ...message } = check;
  return (await checkConsentMany(deps, { ...message, recipients: [{ contactId, email }] }, db))[0]!;
}

/**
 * `checkConsent` for many recipients of one message, set-based: two queries per 5,000
 * recipients. Returns the decisions in the order of `recipients`.
 */
export async function checkConsentMany(deps: Deps, message: ConsentCheckMany, db: Db = deps.db): Promise<ConsentDecision[]> {
  const { workspaceId, recipients, ...kind } = message;
  const out: ConsentDecision[] = [];
  for (let start = 0; start < recipients.length; start += CHUNK) {
    const chunk = recipients.slice(start, start + CHUNK);
    const facts = new Map((await selectConsentFacts(db, workspaceId, [...new Set(chunk.map((r) => r.contactId))], kind.topicId)).map((f) => [f.id, f]));
    const addresses = kind.channel === "email" ? chunk.flatMap((r) => normalizeEmail(r.email ?? "") ?? []) : [];
    const suppressions = groupBy(await selectSuppressionsOf(db, workspaceId, addresses), (s) => s.email);
    for (const r of chunk) out.push(decideConsent({ ...kind, ...r }, facts.get(r.contactId), suppressions.get(normalizeEmail(r.email ?? "") ?? "") ?? []));
  }
  return out;
}
