import { describe, expect, it } from "vitest";
import { deliveryDelay, MAX_DELIVERY_ATTEMPTS } from "./backoff.js";
import { mapResponse, resolvePointer } from "./response-mapping.js";

describe("response mapping", () => {
  const doc = { data: { id: "cus_1", "a/b": 1, "m~n": 2, tags: ["x", "y"], score: 7, paid: true, none: null } };

  it("reads JSON Pointers (RFC 6901), escapes included", () => {
    expect(resolvePointer(doc, "")).toBe(doc);
    expect(resolvePointer(doc, "/data/id")).toBe("cus_1");
    expect(resolvePointer(doc, "/data/a~1b")).toBe(1);
    expect(resolvePointer(doc, "/data/m~0n")).toBe(2);
    expect(resolvePointer(doc, "/data/tags/1")).toBe("y");
    expect(resolvePointer(doc, "/data/tags/01")).toBeUndefined();
    expect(resolvePointer(doc, "/data/missing/deeper")).toBeUndefined();
    expect(resolvePointer(doc, "/data/constructor")).toBeUndefined();
  });

  it("takes scalars and null, and lists pointers with nothing usable behind them", () => {
    const mapping = [
      { pointer: "/data/id", property: "customer_id" },
      { pointer: "/data/score", property: "fit" },
      { pointer: "/data/paid", property: "paid" },
      { pointer: "/data/none", property: "gone" },
      { pointer: "/data/tags", property: "tags" },
      { pointer: "/nope", property: "nope" },
    ];
    expect(mapResponse(doc, mapping)).toEqual({ set: { customer_id: "cus_1", fit: 7, paid: true, gone: null }, skipped: ["/data/tags", "/nope"] });
    expect(mapResponse(undefined, mapping.slice(0, 1))).toEqual({ set: {}, skipped: ["/data/id"] });
  });
});

describe("delivery backoff", () => {
  it("grows fourfold from 10 s up to 6 h", () => {
    expect(Array.from({ length: MAX_DELIVERY_ATTEMPTS - 1 }, (_, i) => deliveryDelay(i + 1))).toEqual([10_000, 40_000, 160_000, 640_000, 2_560_000, 10_240_000, 21_600_000]);
  });
});
