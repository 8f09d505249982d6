import { describe, expect, it } from "vitest";
import type { MessageActivityOut } from "../../../src/schemas/dashboard.js";
import { activitySummary, axisTop } from "./activity-figures.js";

const day = (date: string, sent: number, opened = 0, clicked = 0) => ({ date, from: `${date}T00:00:00.000Z`, to: `${date}T00:00:00.000Z`, sent, opened, clicked });

describe("the email chart's figures", () => {
  it("tops the axis at 1, 2 or 5 times a power of ten at or above the largest value", () => {
    expect([0, 1, 2, 3, 7, 10, 11, 240, 5000].map(axisTop)).toEqual([1, 1, 2, 5, 10, 10, 20, 500, 5000]);
  });

  it("says the totals and the busiest day in its text alternative", () => {
    const report: MessageActivityOut = {
      timeZone: "UTC",
      from: "",
      to: "",
      days: [day("2026-01-04", 2), day("2026-01-05", 7, 3, 1), day("2026-01-06", 1)],
      totals: { sent: 10, opened: 3, clicked: 1 },
    };
    expect(activitySummary(report)).toMatch(/^Emails per day over the last 3 days: 10 sent, 3 opened, 1 clicked; most sent on .+: 7\.$/);
    expect(activitySummary({ ...report, days: [day("2026-01-05", 0)], totals: { sent: 0, opened: 0, clicked: 0 } })).toBe(
      "Emails per day today: 0 sent, 0 opened, 0 clicked.",
    );
  });
});
