import { describe, expect, it } from "vitest";
import { createManualClock } from "./clock.js";
import { createIdGenerator } from "./ids.js";

describe("ids", () => {
  it("are UUIDv7 that sort in creation order within one millisecond and across time", () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    const next = createIdGenerator(clock);
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) {
      ids.push(next());
      if (i % 1000 === 0) clock.advance(1);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
