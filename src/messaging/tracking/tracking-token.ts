import { signToken, verifyToken } from "../../channels/index.js";
import { trackLinks } from "./track-links.js";

/**
 * Which message a tracked link or pixel belongs to. Carried, signed, in its token, so an open or
 * a click is attributed without a lookup, and copied onto the `email.opened` / `email.clicked`
 * events (conditions on "the message step X sent", a campaign's stats).
 */
export interface TrackedMessage {
  workspaceId: string;
  contactId: string;
  messageId: string;
  workflowId?: string;
  runId?: string;
  nodeId?: string;
  templateId?: string;
  /** A broadcast's id. */
  campaignId?: string;
  variant?: string;
}

export type TrackingHit = { kind: "open"; message: TrackedMessage } | { kind: "click"; message: TrackedMessage; url: string };

// Short keys keep links short: the token is in every link of every message.
const KEYS = { workspaceId: "w", contactId: "c", messageId: "m", workflowId: "f", runId: "r", nodeId: "n", templateId: "t", campaignId: "b", variant: "v" } as const;
const PURPOSE = { open: "o", click: "k" } as const;
/** Longer URLs stay untracked: their token would pass the path length the server accepts. */
const MAX_TRACKED_URL = 2000;

/**
 * The tracked version of an email's HTML for one recipient: links become `${baseUrl}/t/c/<token>`
 * redirects and an open pixel `${baseUrl}/t/o/<token>` is added. The unsubscribe link
 * (`${baseUrl}/u/…`) and URLs over 2,000 characters are left alone. `key` is `linkSigningKey(deps)`, read once per batch.
 */
export function trackEmailHtml(key: Buffer, baseUrl: string, html: string, message: TrackedMessage): string {
  const base = baseUrl.replace(/\/+$/, "");
  const fields = compact(message);
  return trackLinks(html, {
    click: (url) => `${base}/t/c/${signToken(key, { p: PURPOSE.click, ...fields, u: url })}`,
    openPixel: `${base}/t/o/${signToken(key, { p: PURPOSE.open, ...fields })}`,
    keep: (url) => url.length > MAX_TRACKED_URL || url.startsWith(`${base}/u/`),
  });
}

/** What a tracking token says, or undefined for anything else (altered, foreign, another kind of link, a non-http URL). */
export function readTrackingToken(key: Buffer, token: string): TrackingHit | undefined {
  const p = verifyToken(key, token);
  if (!p) return undefined;
  const message: Partial<Record<keyof TrackedMessage, string>> = {};
  for (const [field, short] of Object.entries(KEYS) as [keyof TrackedMessage, string][]) {
    const value = p[short];
    if (typeof value === "string") message[field] = value;
  }
  if (message.workspaceId === undefined || message.contactId === undefined || message.messageId === undefined) return undefined;
  const tracked = message as TrackedMessage;
  if (p.p === PURPOSE.open) return { kind: "open", message: tracked };
  if (p.p === PURPOSE.click && typeof p.u === "string" && /^https?:\/\//i.test(p.u)) return { kind: "click", message: tracked, url: p.u };
  return undefined;
}

function compact(message: TrackedMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, short] of Object.entries(KEYS) as [keyof TrackedMessage, string][]) {
    const value = message[field];
    if (value !== undefined) out[short] = value;
  }
  return out;
}
