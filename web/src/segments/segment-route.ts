import { useHash } from "../kit/index.js";

/** What the Segments screen shows: the list, a new segment, a segment's page, or its editor. */
export type SegmentRoute = { view: "list" } | { view: "new" } | { view: "segment"; id: string } | { view: "edit"; id: string };

/** `#/segments`, `#/segments/new`, `#/segments/<id>`, `#/segments/<id>/edit`. */
export function segmentRouteOf(hash: string): SegmentRoute {
  const [, id, action] = hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  if (!id) return { view: "list" };
  if (id === "new") return { view: "new" };
  return action === "edit" ? { view: "edit", id } : { view: "segment", id };
}

export function segmentHref(route: SegmentRoute): string {
  switch (route.view) {
    case "list":
      return "#/segments";
    case "new":
      return "#/segments/new";
    case "segment":
      return `#/segments/${encodeURIComponent(route.id)}`;
    case "edit":
      return `#/segments/${encodeURIComponent(route.id)}/edit`;
  }
}

/** The route in the address bar, followed as it changes, so each view has a link and the back button works. */
export function useSegmentRoute(): SegmentRoute {
  return segmentRouteOf(useHash());
}
