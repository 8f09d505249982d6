import { describe, expect, it } from "vitest";
import { describeCondition } from "./describe.js";

describe("conditions in words", () => {
  it("says what each kind of condition asks, with names instead of ids", () => {
    const names = { lists: new Map([["l1", "Newsletter"]]), stages: new Map([["mql", "MQL"]]) };
    expect(describeCondition({ type: "property", property: "plan", op: "in", value: ["pro", "team"] })).toBe("plan is one of “pro”, “team”");
    expect(describeCondition({ type: "property", property: "seats", op: "between", value: [10, 50] })).toBe("seats is between 10 and 50");
    expect(describeCondition({ type: "property", property: "last_login", op: "within_last", value: { amount: 1, unit: "days" } })).toBe("last_login is within the last 1 day");
    expect(describeCondition({ type: "property", property: "phone", op: "is_not_set" })).toBe("phone is not set");
    expect(describeCondition({ type: "tag", op: "has_not", tag: "churned" })).toBe("does not have tag “churned”");
    expect(describeCondition({ type: "list", op: "member", listId: "l1" }, names)).toBe("is in list “Newsletter”");
    expect(describeCondition({ type: "list", op: "member", listId: "gone" }, names)).toBe("is in list “gone”");
    expect(describeCondition({ type: "lifecycle", op: "at_least", stage: "mql" }, names)).toBe("lifecycle stage is at least “MQL”");
    expect(describeCondition({ type: "score", score: "fit", op: "between", value: [10, 20] })).toBe("fit score is between 10 and 20");
    expect(describeCondition({ type: "engagement", action: "clicked", nodeId: "welcome", within: { amount: 3, unit: "days" } })).toBe("clicked a link in the email sent by step “welcome” in the last 3 days");
  });

  it("tells did, never did and counted events apart", () => {
    const event = (op: "gte" | "equals" | "lt", value: number) => ({ type: "event" as const, name: "Page Viewed", count: { op, value } });
    expect(describeCondition(event("gte", 1))).toBe("did “Page Viewed”");
    expect(describeCondition(event("equals", 0))).toBe("never did “Page Viewed”");
    expect(describeCondition({ ...event("gte", 2), filters: [{ property: "url", op: "contains", value: "/pricing" }], within: { amount: 7, unit: "days" } })).toBe(
      "did “Page Viewed” where url contains “/pricing” at least 2 times in the last 7 days",
    );
  });
});
