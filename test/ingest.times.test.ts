import { describe, expect, it } from "vitest";
import { parseSpecTime } from "../src/schemas/segment.js";

describe("spec timestamps as libraries write them", () => {
  const at = Date.UTC(2026, 0, 5, 9, 0, 0);

  it("reads ISO-8601 with any fraction and offset style", () => {
    expect(parseSpecTime("2026-01-05T09:00:00.000Z")).toBe(at);
    expect(parseSpecTime("2026-01-05T09:00:00Z")).toBe(at);
    expect(parseSpecTime("2026-01-05T09:00:00.123456+00:00")).toBe(at + 123);
    expect(parseSpecTime("2026-01-05T10:00:00.5+0100")).toBe(at + 500);
    expect(parseSpecTime("2026-01-05T04:00:00-05:00")).toBe(at);
    expect(parseSpecTime("2026-01-05T09:00")).toBe(at);
  });

  it("takes a time without a zone as UTC, whatever the server's zone", () => {
    expect(parseSpecTime("2026-01-05T09:00:00")).toBe(at);
  });

  it("refuses what is not a date-time", () => {
    for (const bad of ["", "yesterday", "2026-01-05", "1767603600000", "2026-13-45T99:00:00Z"]) expect(parseSpecTime(bad)).toBeUndefined();
  });
});
