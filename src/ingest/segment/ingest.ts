import { ValidationError, type FieldProblem } from "../../core/index.js";
import { withContactSession, type ContactSession } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import { Identities } from "./identities.js";
import { MAX_PROBLEMS, type SegmentMessage } from "./message.js";

/**
 * Stores checked Segment messages in one unit of work: messages whose messageId is already
 * stored (or repeated in the call) are skipped entirely, identities are prefetched in one round,
 * and the rest are applied in order in memory. A bad trait type anywhere rejects the whole call,
 * every such problem reported. Returns the messages that were new.
 */
export async function ingestSegmentMessages(deps: Deps, workspaceId: string, messages: SegmentMessage[]): Promise<SegmentMessage[]> {
  return withContactSession(deps, workspaceId, async (s) => {
    const fresh = await unseen(s, messages);
    if (!fresh.length) return fresh;
    await s.load(keysOf(fresh));
    const identities = new Identities(s);
    const problems: FieldProblem[] = [];
    for (const m of fresh) {
      try {
        const contact =
          m.type === "alias" ? await identities.alias(m.previousId!, m.userId!, m.field) : await identities.resolve(m.userId, m.anonymousId, m.field);
        s.record(m.profile ? await identities.applyProfile(contact, m.profile, m.field) : contact, m.event);
      } catch (err) {
        // Keep going so one answer lists every bad value; nothing is written when any is bad.
        if (!(err instanceof ValidationError)) throw err;
        problems.push(...err.problems);
      }
    }
    if (problems.length) throw new ValidationError(problems.slice(0, MAX_PROBLEMS));
    return fresh;
  });
}

async function unseen(s: ContactSession, messages: SegmentMessage[]): Promise<SegmentMessage[]> {
  const seen = await s.seenMessageIds(messages.map((m) => m.messageId));
  return messages.filter((m) => {
    if (seen.has(m.messageId)) return false;
    seen.add(m.messageId);
    return true;
  });
}

function keysOf(messages: SegmentMessage[]): { externalIds: string[]; anonymousIds: string[]; emails: string[] } {
  const externalIds: string[] = [];
  const anonymousIds: string[] = [];
  const emails: string[] = [];
  for (const m of messages) {
    if (m.userId !== null) externalIds.push(m.userId);
    if (m.anonymousId !== null) anonymousIds.push(m.anonymousId);
    if (m.previousId !== null) {
      externalIds.push(m.previousId);
      anonymousIds.push(m.previousId);
    }
    if (m.profile?.email) emails.push(m.profile.email);
  }
  return { externalIds, anonymousIds, emails };
}
