import { describe, expect, it } from "vitest";
import { parseInstant, toTyped, typeOfValue } from "./typed-value.js";

describe("parseInstant", () => {
  it.each<[string, string | undefined]>([
    ["2026-01-05", "2026-01-05T00:00:00.000Z"],
    ["2026-01-05T10:00:00Z", "2026-01-05T10:00:00.000Z"],
    ["2026-01-05T10:00:00.123456+02:00", "2026-01-05T08:00:00.123Z"],
    ["2026-01-05T10:00", "2026-01-05T10:00:00.000Z"],
    ["2026-01-05 10:00:00+0100", "2026-01-05T09:00:00.000Z"],
    ["2028-02-29", "2028-02-29T00:00:00.000Z"],
    ["2026-02-29", undefined],
    ["2026-02-30T10:00:00Z", undefined],
    ["2026-13-01", undefined],
    ["05/01/2026", undefined],
    ["pro", undefined],
  ])("%s → %s", (text, expected) => {
    const ms = parseInstant(text);
    expect(ms === undefined ? undefined : new Date(ms).toISOString()).toBe(expected);
  });
});

describe("typing values", () => {
  it("types a value by itself, ISO text as a date", () => {
    expect(typeOfValue("2026-01-05")).toBe("date");
    expect(typeOfValue("hello")).toBe("string");
    expect(typeOfValue(3)).toBe("number");
    expect(typeOfValue(Number.NaN)).toBeUndefined();
    expect(typeOfValue(false)).toBe("boolean");
    expect(typeOfValue([1])).toBeUndefined();
  });

  it("reads operands as the property's type, or refuses", () => {
    expect(toTyped("number", " 12.5 ")).toBe(12.5);
    expect(toTyped("number", "")).toBeUndefined();
    expect(toTyped("boolean", "true")).toBe(true);
    expect(toTyped("boolean", "yes")).toBeUndefined();
    expect(toTyped("string", 42)).toBe("42");
    expect(toTyped("string", null)).toBeUndefined();
    expect(toTyped("date", 0)).toBe(0);
    expect(toTyped("date", true)).toBeUndefined();
  });
});
