import { ValidationError } from "../../core/index.js";
import type { Contact, ContactSession } from "../../contacts/index.js";
import { addDuration } from "../../rules/index.js";
import type { SimulatedEvent, TimelineEntry } from "../../schemas/simulation.js";
import { selectListsByIds, selectRunsOfContact } from "../../store/index.js";

/** A timeline entry at its instant (epoch ms). */
export interface TimedEntry {
  at: number;
  event: SimulatedEvent;
}

/**
 * Puts every entry at its instant: an ISO time as given, `{ after }` that long after the previous
 * entry (the first: after the start; calendar units in UTC), none at the previous entry's
 * instant. Entries must not go back in time.
 */
export function resolveTimeline(entries: TimelineEntry[], startAt: number): TimedEntry[] {
  let previous = startAt;
  return entries.map((entry, i) => {
    const at = entry.at === undefined ? previous : typeof entry.at === "string" ? Date.parse(entry.at) : addDuration(previous, entry.at.after, null);
    if (at < previous) {
      const what = i === 0 ? "the start" : `entry ${i - 1}`;
      throw ValidationError.field(`timeline.${i}.at`, `${entry.at as string} is before ${what} (${new Date(previous).toISOString()}): the timeline goes forward in time`);
    }
    previous = at;
    return { at, event: entry.event };
  });
}

type Apply<E extends SimulatedEvent> = (s: ContactSession, c: Contact, e: E, field: string) => Promise<void>;

/** One way to apply each event kind, all through the contact session (which checks and logs each change). */
const APPLY: { [T in SimulatedEvent["type"]]: Apply<Extract<SimulatedEvent, { type: T }>> } = {
  track: async (s, c, e) => s.record(c, { kind: "track", name: e.name, properties: e.properties ?? {} }),
  page: async (s, c, e) => s.record(c, { kind: "page", name: e.title ?? null, properties: { ...e.properties, url: e.url, ...(e.title === undefined ? {} : { title: e.title }) } }),
  identify: async (s, c, e, field) => {
    s.setProperties(c, e.properties, `${field}.properties.`);
    s.record(c, { kind: "identify", name: null, properties: e.properties });
  },
  "tag.added": (s, c, e) => s.addTags(c, [e.tag]),
  "tag.removed": (s, c, e) => s.removeTags(c, [e.tag]),
  "list.joined": async (s, c, e, field) => void (await s.joinList(c, await listOf(s, e.listId, field))),
  "list.left": async (s, c, e, field) => void (await s.leaveList(c, await listOf(s, e.listId, field))),
  "lifecycle.changed": (s, c, e, field) => s.setLifecycleStage(c, e.stage, "simulation", `${field}.stage`),
  "score.changed": async (s, c, e) => s.setScore(c, c.score + e.delta, "simulation"),
  // Forms come with a later issue; this is the internal event they will log.
  "form.submitted": async (s, c, e) => s.record(c, { kind: "internal", name: "form.submitted", properties: { formId: e.formId, fields: e.fields ?? {} } }),
  "email.opened": async (s, c, e) => s.record(c, { kind: "internal", name: "email.opened", properties: await messageRef(s, c, e) }),
  "email.clicked": async (s, c, e) => s.record(c, { kind: "internal", name: "email.clicked", properties: { ...(await messageRef(s, c, e)), ...(e.url === undefined ? {} : { url: e.url }) } }),
};

/** Applies one event to the contact; `field` names it in errors (`timeline.3.event`). */
export function applyTimelineEvent(session: ContactSession, contact: Contact, event: SimulatedEvent, field: string): Promise<void> {
  return (APPLY[event.type] as Apply<SimulatedEvent>)(session, contact, event, field);
}

async function listOf(s: ContactSession, listId: string, field: string): Promise<{ id: string; name: string }> {
  const [list] = await selectListsByIds(s.transaction, s.workspaceId, [listId]);
  if (!list) throw ValidationError.field(`${field}.listId`, `no list ${JSON.stringify(listId)} in this workspace`);
  return list;
}

/** A message named by its step is the one that step sent in the contact's latest run, as tracking would attribute it. */
async function messageRef(s: ContactSession, c: Contact, e: { nodeId?: string | undefined; templateId?: string | undefined }): Promise<Record<string, string>> {
  const [run] = e.nodeId === undefined ? [] : await selectRunsOfContact(s.transaction, s.workspaceId, c.id, 1);
  return { ...(e.nodeId === undefined ? {} : { nodeId: e.nodeId }), ...(run ? { runId: run.id } : {}), ...(e.templateId === undefined ? {} : { templateId: e.templateId }) };
}
