import { describe, expect, it } from "vitest";
import { checkValue, inferType, parseText } from "./property-types.js";

describe("property types", () => {
  it("infers the type of a first value, ISO dates included", () => {
    expect(inferType("Acme")).toBe("string");
    expect(inferType(42)).toBe("number");
    expect(inferType(false)).toBe("boolean");
    expect(inferType("2026-12-01")).toBe("date");
    expect(inferType("2026-12-01T10:00:00+02:00")).toBe("date");
    expect(inferType("2026-13-45")).toBe("string");
    expect(inferType(null)).toBeUndefined();
    expect(inferType({ a: 1 })).toBeUndefined();
  });

  it("rejects a value of another type with a message naming both", () => {
    const r = checkValue("number", "forty");
    expect(r).toEqual({ ok: false, message: expect.stringContaining("must be a number") });
    expect(r.ok || r.message).toContain('"forty"');
  });

  it("stores dates as UTC ISO strings", () => {
    expect(checkValue("date", "2026-12-01T10:00:00+02:00")).toEqual({ ok: true, value: "2026-12-01T08:00:00.000Z" });
    expect(checkValue("date", "2026-12-01")).toEqual({ ok: true, value: "2026-12-01T00:00:00.000Z" });
  });

  it("parses CSV text per type", () => {
    expect(parseText("number", " 12.5 ")).toEqual({ ok: true, value: 12.5 });
    expect(parseText("boolean", "Yes")).toEqual({ ok: true, value: true });
    expect(parseText("number", "")).toMatchObject({ ok: false });
  });
});
