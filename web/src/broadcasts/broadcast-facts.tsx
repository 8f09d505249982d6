import { useEffect, useState } from "react";
import type { BroadcastOut } from "../../../src/schemas/broadcast.js";
import type { Api } from "../api.js";
import { formatTime } from "../format.js";

/** Names of what a broadcast refers to, read once: an id that no longer resolves is shown as is. */
function useName(api: Api, path: string | null): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    if (!path) return;
    let live = true;
    api
      .get<{ name: string }>(path)
      .then((r) => live && setName(r.name))
      .catch(() => live && setName(null));
    return () => {
      live = false;
    };
  }, [api, path]);
  return name;
}

/** What the broadcast sends, to whom and how: its definition in words. */
export function BroadcastFacts({ api, b }: { api: Api; b: BroadcastOut }) {
  const listId = "listId" in b.audience ? b.audience.listId : null;
  const segmentId = "segmentId" in b.audience ? b.audience.segmentId : null;
  const template = useName(api, `/api/v1/templates/${encodeURIComponent(b.templateId)}`);
  const audience = useName(api, listId ? `/api/v1/lists/${encodeURIComponent(listId)}` : `/api/v1/segments/${encodeURIComponent(segmentId!)}`);
  const sender = useName(api, b.senderId ? `/api/v1/senders/${encodeURIComponent(b.senderId)}` : null);
  const topic = useName(api, b.topicId ? `/api/v1/topics/${encodeURIComponent(b.topicId)}` : null);
  const s = b.schedule;
  return (
    <section className="contacts" aria-labelledby="bc-def-title">
      <h3 id="bc-def-title">Definition</h3>
      <dl className="facts">
        <dt>Template</dt>
        <dd>
          <a href={`#/templates/${encodeURIComponent(b.templateId)}`}>{template ?? b.templateId}</a>
          {b.templateVersions && ` (version ${b.templateVersions[b.templateId] ?? "?"} sent)`}
        </dd>
        <dt>Audience</dt>
        <dd>
          {listId ? "List" : "Segment"} {audience ?? listId ?? segmentId}
        </dd>
        <dt>Kind</dt>
        <dd>{b.category === "marketing" ? "Marketing (consent checked, unsubscribe link)" : "Transactional"}</dd>
        <dt>Sender</dt>
        <dd>{b.senderId ? (sender ?? b.senderId) : "The workspace's default"}</dd>
        <dt>Topic</dt>
        <dd>{b.topicId ? (topic ?? b.topicId) : "None"}</dd>
        <dt>Schedule</dt>
        <dd>
          {!s
            ? "As soon as it is sent"
            : "at" in s
              ? formatTime(s.at)
              : `${s.localTime.date} at ${s.localTime.time} in each contact's time zone${s.localTime.fallbackTimezone ? ` (else ${s.localTime.fallbackTimezone})` : ""}`}
        </dd>
        <dt>Throttle</dt>
        <dd>{b.throttle ? `${b.throttle.perSecond} messages per second at most` : "None"}</dd>
        {b.abTest && (
          <>
            <dt>A/B test</dt>
            <dd>
              {b.abTest.samplePercent}% of the audience, winner by unique {b.abTest.metric} after {b.abTest.duration.amount} {b.abTest.duration.unit}
              <ul>
                {b.abTest.variants.map((v) => (
                  <li key={v.id}>
                    {v.id}: {v.subject ? `subject “${v.subject}”` : "the template's subject"}
                    {v.templateId ? `, template ${v.templateId}` : ""}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {b.resend && (
          <>
            <dt>Resend</dt>
            <dd>
              After {b.resend.after.amount} {b.resend.after.unit}, subject “{b.resend.subject}”
            </dd>
          </>
        )}
        <dt>Created</dt>
        <dd>{formatTime(b.createdAt)}</dd>
      </dl>
    </section>
  );
}
