import { useEffect, useState } from "react";
import type { ListOut } from "../../../src/schemas/list.js";
import type { SegmentOut } from "../../../src/schemas/segment-api.js";
import type { SenderOut } from "../../../src/schemas/sender.js";
import type { TemplateOut } from "../../../src/schemas/template.js";
import type { TopicOut } from "../../../src/schemas/consent.js";
import type { Api } from "../api.js";
import { loadAll } from "../templates/load-all.js";

/** What a broadcast may name: the workspace's email templates, lists, segments, sender identities and topics. */
export interface Choices {
  templates: TemplateOut[];
  lists: ListOut[];
  segments: SegmentOut[];
  senders: SenderOut[];
  topics: TopicOut[];
}

export type ChoicesState = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; choices: Choices };

export function useChoices(api: Api): ChoicesState {
  const [state, setState] = useState<ChoicesState>({ state: "loading" });
  useEffect(() => {
    let live = true;
    Promise.all([
      loadAll<TemplateOut>(api, "/api/v1/templates", { channel: "email" }),
      loadAll<ListOut>(api, "/api/v1/lists"),
      loadAll<SegmentOut>(api, "/api/v1/segments"),
      api.get<{ data: SenderOut[] }>("/api/v1/senders"),
      api.get<{ data: TopicOut[] }>("/api/v1/topics"),
    ])
      .then(([templates, lists, segments, senders, topics]) => live && setState({ state: "ready", choices: { templates, lists, segments, senders: senders.data, topics: topics.data } }))
      .catch((err: unknown) => live && setState({ state: "failed", message: (err as Error).message }));
    return () => {
      live = false;
    };
  }, [api]);
  return state;
}
