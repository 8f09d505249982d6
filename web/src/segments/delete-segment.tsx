import { useState } from "react";
import type { SegmentOut } from "../../../src/schemas/segment-api.js";
import { ApiError, type Api } from "../api.js";
import { segmentHref } from "./segment-route.js";

/** Delete, asked twice in place; a segment other segments read is refused (409) with their names. */
export function DeleteSegment({ api, segment, onSessionEnded }: { api: Api; segment: SegmentOut; onSessionEnded: () => void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    try {
      await api.request("DELETE", `/api/v1/segments/${encodeURIComponent(segment.id)}`);
      window.location.hash = segmentHref({ view: "list" });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) onSessionEnded();
      else setError((err as Error).message);
      setAsking(false);
    }
  }
  return (
    <>
      {asking ? (
        <span role="group" aria-label="Delete this segment?" className="seg-confirm">
          Delete this segment? Workflows that start on it stop starting.{" "}
          <button type="button" className="danger" autoFocus onClick={() => void remove()}>
            Yes, delete
          </button>{" "}
          <button type="button" className="secondary" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" className="secondary" onClick={() => setAsking(true)}>
          Delete
        </button>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </>
  );
}
