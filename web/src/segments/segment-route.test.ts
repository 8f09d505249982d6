import { describe, expect, it } from "vitest";
import { segmentHref, segmentRouteOf } from "./segment-route.js";

describe("segment addresses", () => {
  it("reads and writes each view's address", () => {
    for (const route of [{ view: "list" }, { view: "new" }, { view: "segment", id: "0195ab" }, { view: "edit", id: "0195ab" }] as const) {
      expect(segmentRouteOf(segmentHref(route))).toEqual(route);
    }
    expect(segmentRouteOf("#/segments/")).toEqual({ view: "list" });
  });
});
