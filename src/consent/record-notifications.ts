import { createHash } from "node:crypto";
import { ValidationError, type FieldProblem } from "../core/index.js";
import type { Deps } from "../deps.js";
import { normalizeEmail, withContactSession } from "../contacts/index.js";
import type { EmailWebhookReceiptOut } from "../schemas/email-notification.js";
import { suppress, type NewSuppression } from "./suppressions.js";

/** A bounce or complaint as every provider format is read into. */
export interface EmailNotification {
  kind: "bounce" | "complaint";
  /** Bounces only: `hard` suppresses the address. */
  bounceType?: "hard" | "soft";
  email: string;
  /** Where `email` was in the body, to name it when it is not an address. */
  emailField: string;
  /** The notification's id in its format, or undefined to recognise a repeat by its content. */
  notificationId: string | undefined;
  messageId: string | null;
  occurredAt: number | undefined;
  /** The format it came in: generic | postmark. */
  provider: string;
  /** What the provider said beyond the common fields (its bounce type, description…). */
  detail: Record<string, unknown>;
}

/**
 * Records notifications in one unit of work: `email.bounced` / `email.complained` on the contact
 * with the address (if any), and a suppression for hard bounces and complaints, which also logs
 * `contact.suppressed`. A notification seen before (same id, or same content) is skipped; its
 * suppression would be kept once anyway. Addresses are checked first: one bad address rejects
 * the call and records nothing.
 */
export async function recordEmailNotifications(deps: Deps, workspaceId: string, notifications: EmailNotification[]): Promise<EmailWebhookReceiptOut> {
  const problems: FieldProblem[] = [];
  const items = notifications.map((n) => {
    const email = normalizeEmail(n.email);
    if (!email) problems.push({ field: n.emailField, message: `${JSON.stringify(n.email)} is not a valid email address` });
    return { n, email: email ?? "", key: eventKey(n, email ?? "") };
  });
  if (problems.length) throw new ValidationError(problems);
  return withContactSession(deps, workspaceId, async (s) => {
    const seen = await s.seenMessageIds(items.map((i) => i.key));
    const taken = new Set(seen);
    const fresh = items.filter((i) => !taken.has(i.key) && taken.add(i.key));
    await s.load({ emails: fresh.map((i) => i.email) });
    let contactsMatched = 0;
    const suppressions: NewSuppression[] = [];
    for (const { n, email, key } of fresh) {
      const contact = s.find({ email });
      const common = { email, messageId: n.messageId, provider: n.provider, detail: n.detail };
      if (contact) {
        contactsMatched++;
        const properties = n.kind === "bounce" ? { ...common, bounceType: n.bounceType } : common;
        s.record(contact, { kind: "internal", name: `email.${n.kind === "bounce" ? "bounced" : "complained"}`, properties, messageId: key, ...(n.occurredAt === undefined ? {} : { timestamp: n.occurredAt }) });
      }
      if (n.kind === "complaint" || n.bounceType === "hard") {
        const at = new Date(n.occurredAt ?? s.now).toISOString();
        suppressions.push({ email, reason: n.kind === "complaint" ? "complaint" : "hard_bounce", detail: { messageId: n.messageId, occurredAt: at, ...n.detail }, source: n.provider });
      }
    }
    const suppressionsAdded = await suppress(deps, s, suppressions);
    return { received: notifications.length, duplicates: items.length - fresh.length, suppressionsAdded, contactsMatched };
  });
}

/**
 * The stored event's message id, which makes a notification delivered twice land once: its own
 * id when the format has one, else a digest of what it says.
 */
function eventKey(n: EmailNotification, email: string): string {
  const id = n.notificationId ?? createHash("sha256").update(JSON.stringify([n.kind, n.bounceType ?? null, email, n.messageId, n.occurredAt ?? null])).digest("base64url").slice(0, 32);
  return `email-webhook:${n.provider}:${id}`;
}
