import type { PostmarkNotification } from "../schemas/email-notification.js";
import type { EmailNotification } from "./record-notifications.js";

/**
 * Postmark bounce types that mean the address does not work: suppressed as hard bounces. Every
 * other type (Transient, SoftBounce, DnsError, AutoResponder, Blocked, SpamNotification,
 * DMARCPolicy, Unknown…) is temporary, about the message or the sender rather than the address,
 * or not a failure at all, and only recorded. `SpamComplaint` is a complaint.
 */
const PERMANENT = new Set(["HardBounce", "BadEmailAddress"]);

/**
 * Reads Postmark's Bounce or Spam Complaint webhook. A bounce Postmark reports `Inactive`
 * (it deactivated the address and will not send to it again) is hard whatever its type.
 */
export function fromPostmark(p: PostmarkNotification): EmailNotification {
  const complaint = p.RecordType === "SpamComplaint" || p.Type === "SpamComplaint";
  const detail = Object.fromEntries(
    Object.entries({
      type: p.Type,
      typeCode: "TypeCode" in p ? p.TypeCode : undefined,
      description: p.Description || undefined,
      details: p.Details || undefined,
      inactive: p.Inactive,
      messageStream: p.MessageStream,
      tag: p.Tag || undefined,
      metadata: p.Metadata,
      bounceId: p.ID,
    }).filter(([, v]) => v !== undefined),
  );
  return {
    kind: complaint ? "complaint" : "bounce",
    ...(complaint ? {} : { bounceType: PERMANENT.has(p.Type ?? "") || p.Inactive === true ? ("hard" as const) : ("soft" as const) }),
    email: p.Email,
    emailField: "Email",
    notificationId: p.ID === undefined ? undefined : `${p.RecordType}:${p.ID}`,
    messageId: p.MessageID ?? null,
    occurredAt: Date.parse(p.BouncedAt),
    provider: "postmark",
    detail,
  };
}
