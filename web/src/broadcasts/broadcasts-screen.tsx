import { useEffect, useState } from "react";
import type { BroadcastOut } from "../../../src/schemas/broadcast.js";
import { ApiError } from "../api.js";
import type { ScreenProps } from "../screen-props.js";
import { ReadOnlyNote } from "../templates/read-only-note.js";
import { useSubRoute } from "../kit/index.js";
import { BroadcastForm } from "./broadcast-form.js";
import { BroadcastList } from "./broadcast-list.js";
import { BroadcastPage } from "./broadcast-page.js";
import "../templates/templates.css";
import "./broadcasts.css";

/** `#/broadcasts`: the list; `…/new`: a new one; `…/<id>`: its results; `…/<id>/edit`: a draft's form. */
export function BroadcastsScreen(props: ScreenProps) {
  const sub = useSubRoute("broadcasts");
  if (sub === "") return <BroadcastList {...props} />;
  const [id = "", rest] = sub.split("/");
  if ((sub === "new" || rest === "edit") && props.me.user.role === "read_only") return <ReadOnlyNote what="create or change broadcasts" back="#/broadcasts" />;
  if (sub === "new") return <BroadcastForm key="new" {...props} draft={null} />;
  if (rest === "edit") return <EditDraft key={id} {...props} broadcastId={id} />;
  return <BroadcastPage key={id} {...props} broadcastId={id} />;
}

/** The form of a saved draft, once read. */
function EditDraft(props: ScreenProps & { broadcastId: string }) {
  const { api, onSessionEnded, broadcastId } = props;
  const [draft, setDraft] = useState<BroadcastOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<BroadcastOut>(`/api/v1/broadcasts/${encodeURIComponent(broadcastId)}`)
      .then(setDraft)
      .catch((err: unknown) => (err instanceof ApiError && err.status === 401 ? onSessionEnded() : setError((err as Error).message)));
  }, [api, broadcastId, onSessionEnded]);
  if (error)
    return (
      <main className="main">
        <p role="alert" className="error">
          The broadcast could not be loaded: {error}
        </p>
      </main>
    );
  if (!draft)
    return (
      <main className="main">
        <p role="status" className="muted">
          Loading the draft…
        </p>
      </main>
    );
  if (draft.status !== "draft")
    return (
      <main className="main">
        <p className="error">Only a draft can be changed; this broadcast is {draft.status}.</p>
        <a href={`#/broadcasts/${encodeURIComponent(draft.id)}`}>See its results</a>
      </main>
    );
  return <BroadcastForm {...props} draft={draft} />;
}
