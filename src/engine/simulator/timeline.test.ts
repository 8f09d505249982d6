import { describe, expect, it } from "vitest";
import { ValidationError } from "../../core/index.js";
import { resolveTimeline } from "./timeline.js";

const start = Date.UTC(2026, 2, 28, 12, 0, 0);
const track = { type: "track", name: "x" } as const;

describe("resolveTimeline", () => {
  it("puts `after` entries after the previous entry, instants as given, and bare entries with the previous one", () => {
    const entries = resolveTimeline(
      [
        { at: { after: { amount: 1, unit: "days" } }, event: track },
        { event: track },
        { at: "2026-04-01T00:00:00+02:00", event: track },
        { at: { after: { amount: 1, unit: "months" } }, event: track },
      ],
      start,
    );
    expect(entries.map((e) => new Date(e.at).toISOString())).toEqual([
      "2026-03-29T12:00:00.000Z",
      "2026-03-29T12:00:00.000Z",
      "2026-03-31T22:00:00.000Z",
      "2026-04-30T22:00:00.000Z",
    ]);
  });

  it("refuses an entry before the previous one, naming it", () => {
    const back = () => resolveTimeline([{ at: { after: { amount: 2, unit: "days" } }, event: track }, { at: "2026-03-29T00:00:00Z", event: track }], start);
    expect(back).toThrow(ValidationError);
    expect(back).toThrow(/timeline\.1\.at.*before entry 0/);
  });
});
