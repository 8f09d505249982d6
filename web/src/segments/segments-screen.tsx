import { useEffect, useMemo, useState } from "react";
import type { SegmentOut } from "../../../src/schemas/segment-api.js";
import { ApiError } from "../api.js";
import { RuleChoicesContext, useLoadRuleChoices } from "../rules/index.js";
import type { ScreenProps } from "../screen-props.js";
import { SegmentEditor } from "./segment-editor.js";
import { SegmentList } from "./segment-list.js";
import { SegmentPage } from "./segment-page.js";
import { segmentHref, useSegmentRoute } from "./segment-route.js";
import "./segments.css";

/** The Segments screen: the list, a segment's page, and the visual builder that creates and edits them. */
export function SegmentsScreen({ api, me, onSessionEnded }: ScreenProps) {
  const route = useSegmentRoute();
  const choices = useLoadRuleChoices(api.request, segmentHref(route));
  const canWrite = me.user.role !== "read_only";
  const selfSegmentId = route.view === "edit" ? route.id : undefined;
  const scope = useMemo(() => ({ ...choices, steps: null, ...(selfSegmentId ? { selfSegmentId } : {}) }), [choices, selfSegmentId]);
  const opened = (s: SegmentOut) => {
    window.location.hash = segmentHref({ view: "segment", id: s.id });
  };

  let view;
  if (route.view === "list") view = <SegmentList api={api} canWrite={canWrite} onSessionEnded={onSessionEnded} />;
  else if (route.view === "segment") view = <SegmentPage key={route.id} api={api} id={route.id} canWrite={canWrite} onSessionEnded={onSessionEnded} />;
  else if (!canWrite) view = <ReadOnlyNotice />;
  else if (route.view === "new") view = <SegmentEditor api={api} onSaved={opened} onSessionEnded={onSessionEnded} />;
  else view = <EditSegment key={route.id} api={api} id={route.id} onSaved={opened} onSessionEnded={onSessionEnded} />;
  return <RuleChoicesContext.Provider value={scope}>{view}</RuleChoicesContext.Provider>;
}

function ReadOnlyNotice() {
  return (
    <main className="main">
      <div className="empty card">
        <h2>Read-only access</h2>
        <p>
          Your role can read segments but not change them: ask a marketer or an admin of the workspace. <a href={segmentHref({ view: "list" })}>Back to the segments</a>
        </p>
      </div>
    </main>
  );
}

/** Loads the segment, then edits it. */
function EditSegment({ api, id, onSaved, onSessionEnded }: { api: ScreenProps["api"]; id: string; onSaved: (s: SegmentOut) => void; onSessionEnded: () => void }) {
  const [load, setLoad] = useState<{ state: "loading" } | { state: "failed"; message: string } | { state: "ready"; segment: SegmentOut }>({ state: "loading" });
  useEffect(() => {
    let live = true;
    api
      .get<SegmentOut>(`/api/v1/segments/${encodeURIComponent(id)}`)
      .then((segment) => live && setLoad({ state: "ready", segment }))
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401) onSessionEnded();
        else setLoad({ state: "failed", message: (err as Error).message });
      });
    return () => {
      live = false;
    };
  }, [api, id, onSessionEnded]);
  if (load.state === "loading")
    return (
      <p className="main muted" role="status">
        Loading the segment…
      </p>
    );
  if (load.state === "failed")
    return (
      <main className="main">
        <p role="alert" className="error">
          Could not load the segment: {load.message} <a href={segmentHref({ view: "list" })}>Back to the segments</a>
        </p>
      </main>
    );
  return <SegmentEditor api={api} segment={load.segment} onSaved={onSaved} onSessionEnded={onSessionEnded} />;
}
