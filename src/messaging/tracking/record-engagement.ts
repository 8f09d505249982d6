import { linkSigningKey, signToken, verifyToken } from "../../channels/index.js";
import { withContactSession } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import { readTrackingToken, type TrackingHit } from "./tracking-token.js";

/** Marks an identity token (the cookie a tracked click leaves) apart from message tokens. */
const IDENTITY = "i";

/** What the browser that followed a tracked link sent along, kept on the event. */
export interface HitContext {
  userAgent?: string | undefined;
  ip?: string | undefined;
}

/** What a tracking link's token says, or undefined for a token this server did not make. */
export async function readTrackingHit(deps: Deps, token: string): Promise<TrackingHit | undefined> {
  return readTrackingToken(await linkSigningKey(deps), token);
}

/**
 * Records an open or a click of a tracked link as `email.opened` / `email.clicked` on the
 * contact's timeline, naming the message (and its workflow, run, step, template, campaign, variant):
 * the events workflows trigger and wait on, and conditions and stats count. A workflow's message
 * has the workflow as its campaign. Every hit is recorded;
 * "unique" opens are counted by contact when reading. Nothing is recorded for an erased contact.
 */
export async function recordTrackingHit(deps: Deps, hit: TrackingHit, context: HitContext): Promise<void> {
  const { workspaceId, contactId, ...message } = hit.message;
  await withContactSession(deps, workspaceId, async (s) => {
    await s.load({ ids: [contactId] });
    const contact = s.find({ id: contactId });
    if (!contact) return;
    s.record(contact, {
      kind: "internal",
      name: hit.kind === "open" ? "email.opened" : "email.clicked",
      properties: { ...message, ...campaignOf(message), ...(hit.kind === "click" ? { url: hit.url } : {}) },
      context: { ...(context.userAgent ? { userAgent: context.userAgent } : {}), ...(context.ip ? { ip: context.ip } : {}) },
    });
  });
}

function campaignOf(message: { campaignId?: string; workflowId?: string }): { campaignId?: string } {
  const campaignId = message.campaignId ?? message.workflowId;
  return campaignId === undefined ? {} : { campaignId };
}

/**
 * A signed token naming the contact a browser belongs to: a tracked click leaves it in a
 * first-party cookie, so that the browser's later page views can be tied to the contact.
 */
export async function identityToken(deps: Deps, workspaceId: string, contactId: string): Promise<string> {
  return signToken(await linkSigningKey(deps), { p: IDENTITY, w: workspaceId, c: contactId });
}

/** The contact an identity token names, or undefined for anything else. */
export async function readIdentityToken(deps: Deps, token: string): Promise<{ workspaceId: string; contactId: string } | undefined> {
  const p = verifyToken(await linkSigningKey(deps), token);
  return p && p.p === IDENTITY && typeof p.w === "string" && typeof p.c === "string" ? { workspaceId: p.w, contactId: p.c } : undefined;
}
