import { normalizeEmail, type Subscriptions } from "../contacts/index.js";
import { fromJson, type ConsentFacts, type SuppressionReason } from "../store/index.js";

export type ConsentChannel = "email" | "sms";

/** Transactional messages (receipts, password resets) ignore unsubscribes and topics; marketing ones need consent. */
export type MessageCategory = "marketing" | "transactional";

/** What is being sent, to whom of the workspace: the input of a send-time check. */
export interface ConsentCheck {
  workspaceId: string;
  contactId: string;
  /** The address the email goes to; not read for sms (suppressions are email addresses). */
  email: string | null;
  channel: ConsentChannel;
  category: MessageCategory;
  /** The topic a marketing message is about; ignored for transactional ones. */
  topicId?: string;
}

/** Why a message may not go out; `detail` says it in words for the skipped message's record. */
export type ConsentRefusal = "suppressed" | "unsubscribed" | "topic_unsubscribed" | "no_address";

export type ConsentDecision = { allowed: true } | { allowed: false; reason: ConsentRefusal; detail: string };

/** A suppression of the recipient's address, as the check reads it. */
export interface AddressSuppression {
  reason: SuppressionReason;
  source: string;
  created_at: number;
}

/** Reasons that stop every email: mail to a bouncing or complaining address hurts every later delivery. */
const STOPS_ALL: ReadonlySet<SuppressionReason> = new Set(["complaint", "hard_bounce", "manual"]);
/** The reason named when an address has several, most serious first. */
const SEVERITY: SuppressionReason[] = ["complaint", "hard_bounce", "manual", "unsubscribe"];

const ALLOWED: ConsentDecision = { allowed: true };

/**
 * The consent rules, pure: `contact` is undefined when there is no such contact, `suppressions`
 * are those of the recipient's address. Checked in order: an address to send to, the
 * suppression list, then for marketing the channel subscription and the topic.
 */
export function decideConsent(check: Omit<ConsentCheck, "workspaceId">, contact: ConsentFacts | undefined, suppressions: AddressSuppression[]): ConsentDecision {
  if (!contact) return refuse("no_address", `no contact ${JSON.stringify(check.contactId)} in this workspace`);
  if (check.channel === "email") {
    if (!check.email) return refuse("no_address", "the contact has no email address");
    const address = normalizeEmail(check.email);
    if (!address) return refuse("no_address", `${JSON.stringify(check.email)} is not a valid email address`);
    const blocking = suppressions.filter((s) => check.category === "marketing" || STOPS_ALL.has(s.reason));
    const worst = SEVERITY.map((r) => blocking.find((s) => s.reason === r)).find((s) => s !== undefined);
    if (worst) return refuse("suppressed", `${address} is suppressed: ${worst.reason} (${worst.source}, ${new Date(worst.created_at).toISOString()})`);
  }
  if (check.category === "transactional") return ALLOWED;
  if (fromJson<Subscriptions>(contact.subscriptions)[check.channel] === "unsubscribed") {
    return refuse("unsubscribed", `the contact unsubscribed from marketing ${check.channel}`);
  }
  if (check.topicId === undefined) return ALLOWED;
  if (contact.topic_id === null) return refuse("topic_unsubscribed", `no topic ${JSON.stringify(check.topicId)} in this workspace`);
  const name = JSON.stringify(contact.topic_name);
  if (contact.topic_status === "unsubscribed") return refuse("topic_unsubscribed", `the contact unsubscribed from topic ${name}`);
  if (contact.topic_status === null && contact.default_status === "unsubscribed") {
    return refuse("topic_unsubscribed", `topic ${name} is opt-in and the contact has not subscribed to it`);
  }
  return ALLOWED;
}

function refuse(reason: ConsentRefusal, detail: string): ConsentDecision {
  return { allowed: false, reason, detail };
}
