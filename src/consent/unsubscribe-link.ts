import { linkSigningKey, signToken, verifyToken } from "../channels/index.js";
import type { Deps } from "../deps.js";

/** Who unsubscribes, from what: what an unsubscribe link's token carries. */
export interface UnsubscribeTarget {
  workspaceId: string;
  contactId: string;
  /** The message the link was in, recorded on the `email.unsubscribed` event. */
  messageId?: string;
  /** One-click unsubscribes from this topic only; without it, from all marketing email. */
  topicId?: string;
}

/** Marks the token as an unsubscribe link's: tracked links are signed with the same key. */
const PURPOSE = "u";

/**
 * The unsubscribe link of one message to one contact: `${baseUrl}/u/${token}`. Its GET is the
 * preference page and its POST the RFC 8058 one-click unsubscribe. Links do not expire: a
 * recipient must be able to unsubscribe from an old message.
 */
export async function unsubscribeUrl(deps: Deps, target: UnsubscribeTarget, baseUrl: string): Promise<string> {
  const payload = {
    p: PURPOSE,
    w: target.workspaceId,
    c: target.contactId,
    ...(target.messageId === undefined ? {} : { m: target.messageId }),
    ...(target.topicId === undefined ? {} : { t: target.topicId }),
  };
  return `${baseUrl.replace(/\/+$/, "")}/u/${signToken(await linkSigningKey(deps), payload)}`;
}

/**
 * The RFC 2369 / RFC 8058 headers for `url` (an `unsubscribeUrl`): mailbox providers then offer
 * their own unsubscribe button, which POSTs to it. No `mailto:` is added, since Parcours
 * receives no email. For providers to use them the URL must be https and the headers DKIM-signed.
 */
export function listUnsubscribeHeaders(url: string): { "List-Unsubscribe": string; "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** The target of a token `unsubscribeUrl` made, or undefined for anything else (altered, foreign, another kind of link). */
export async function readUnsubscribeToken(deps: Deps, token: string): Promise<UnsubscribeTarget | undefined> {
  const p = verifyToken(await linkSigningKey(deps), token);
  if (!p || p.p !== PURPOSE || typeof p.w !== "string" || typeof p.c !== "string") return undefined;
  return {
    workspaceId: p.w,
    contactId: p.c,
    ...(typeof p.m === "string" ? { messageId: p.m } : {}),
    ...(typeof p.t === "string" ? { topicId: p.t } : {}),
  };
}
