import type { Deps } from "../../deps.js";
import { toJson, type MailboxMessageRow } from "../../store/index.js";
import type { EmailMessage } from "./message.js";

/** The local mailbox's copy of `message`, kept under `key` (one message per key, however often it is stored). */
export function mailboxRow(deps: Deps, workspaceId: string, key: string, message: EmailMessage): MailboxMessageRow {
  return {
    id: deps.ids(),
    workspace_id: workspaceId,
    outbox_key: key,
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: toJson({ ...message.headers, ...(message.replyTo ? { "Reply-To": message.replyTo } : {}), "Message-ID": message.messageId }),
    created_at: deps.clock.now(),
  };
}
