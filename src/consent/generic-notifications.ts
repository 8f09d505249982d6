import type { z } from "zod";
import { ValidationError, type FieldProblem } from "../core/index.js";
import { GenericBatch, GenericNotification } from "../schemas/email-notification.js";
import type { EmailNotification } from "./record-notifications.js";

/**
 * Reads a generic webhook body, one notification or `{ "events": [...] }`. Bad fields are named
 * as the sender wrote them (`bounceType`, `events.2.email`).
 */
export function parseGenericNotifications(body: unknown): EmailNotification[] {
  const isBatch = body !== null && typeof body === "object" && "events" in body;
  if (isBatch) {
    const parsed = GenericBatch.safeParse(body);
    if (!parsed.success) throw new ValidationError(problemsOf(parsed.error));
    return parsed.data.events.map((n, i) => fromGeneric(n, `events.${i}.`));
  }
  const parsed = GenericNotification.safeParse(body);
  if (!parsed.success) throw new ValidationError(problemsOf(parsed.error));
  return [fromGeneric(parsed.data, "")];
}

function fromGeneric(n: GenericNotification, at: string): EmailNotification {
  return {
    kind: n.type,
    ...(n.type === "bounce" ? { bounceType: n.bounceType } : {}),
    email: n.email,
    emailField: `${at}email`,
    notificationId: n.id,
    messageId: n.messageId ?? null,
    occurredAt: n.occurredAt === undefined ? undefined : Date.parse(n.occurredAt),
    provider: "generic",
    detail: n.detail ?? {},
  };
}

function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const path = issue.path.join(".");
    if (issue.code === "unrecognized_keys") return issue.keys.map((k) => ({ field: path ? `${path}.${k}` : k, message: "is not a known field" }));
    return [{ field: path || "body", message: issue.message }];
  });
}
