import { z } from "zod";
import { Duration } from "./duration.js";

/**
 * The rule language shared by workflow conditions, entry filters, goals and segments. One tree,
 * evaluated in memory for one contact and compiled to SQL for all of them (docs/rules.md).
 */
export const Scalar = z.union([z.string(), z.number(), z.boolean()]);
export type Scalar = z.infer<typeof Scalar>;

export const ComparisonOp = z.enum([
  "equals",
  "not_equals",
  "contains",
  "not_contains",
  "starts_with",
  "ends_with",
  "in",
  "not_in",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "is_set",
  "is_not_set",
  "before",
  "after",
  "within_last",
  "within_next",
]);
export type ComparisonOp = z.infer<typeof ComparisonOp>;

/** What each operator takes as `value`. */
const OPERAND: Record<ComparisonOp, z.ZodType | null> = {
  equals: Scalar,
  not_equals: Scalar,
  contains: z.string(),
  not_contains: z.string(),
  starts_with: z.string(),
  ends_with: z.string(),
  in: z.array(Scalar).min(1).max(1000),
  not_in: z.array(Scalar).min(1).max(1000),
  gt: z.union([z.number(), z.string()]),
  gte: z.union([z.number(), z.string()]),
  lt: z.union([z.number(), z.string()]),
  lte: z.union([z.number(), z.string()]),
  between: z.tuple([z.union([z.number(), z.string()]), z.union([z.number(), z.string()])]),
  is_set: null,
  is_not_set: null,
  before: z.string(),
  after: z.string(),
  within_last: Duration,
  within_next: Duration,
};

/** A comparison of one named property (of the contact, or of an event) with a value. */
export const Comparison = z
  .strictObject({
    property: z.string().min(1).max(100),
    op: ComparisonOp,
    value: z.unknown().optional(),
  })
  .superRefine((c, ctx) => {
    const operand = OPERAND[c.op];
    if (operand === null) {
      if (c.value !== undefined) ctx.addIssue({ code: "custom", path: ["value"], message: `${c.op} takes no value` });
      return;
    }
    const checked = operand.safeParse(c.value);
    if (!checked.success) ctx.addIssue({ code: "custom", path: ["value"], message: `${c.op} needs ${describeOperand(c.op)}` });
  });
export type Comparison = { property: string; op: ComparisonOp; value?: unknown };

function describeOperand(op: ComparisonOp): string {
  if (op === "in" || op === "not_in") return "a list of values";
  if (op === "between") return "two bounds, [low, high]";
  if (op === "within_last" || op === "within_next") return "a duration such as {\"amount\": 7, \"unit\": \"days\"}";
  if (op === "before" || op === "after") return "a date (ISO-8601)";
  if (op === "equals" || op === "not_equals") return "a string, number or boolean";
  if (op === "gt" || op === "gte" || op === "lt" || op === "lte") return "a number or a date";
  return "a string";
}

export const CountOp = z.enum(["gte", "gt", "lte", "lt", "equals"]);

export type Rule =
  | { type: "all"; rules: Rule[] }
  | { type: "any"; rules: Rule[] }
  | { type: "not"; rule: Rule }
  | ({ type: "property" } & Comparison)
  | { type: "lifecycle"; op: "is" | "is_not" | "at_least" | "at_most"; stage: string }
  | { type: "score"; op: z.infer<typeof CountOp> | "between"; value: number | [number, number]; score?: string }
  | { type: "tag"; op: "has" | "has_not"; tag: string }
  | { type: "list"; op: "member" | "not_member"; listId: string }
  | { type: "segment"; op: "member" | "not_member"; segmentId: string }
  | { type: "event"; name: string; filters?: Comparison[]; count: { op: z.infer<typeof CountOp>; value: number }; within?: Duration }
  | ({ type: "engagement"; action: "opened" | "clicked"; within?: Duration } & EngagementTarget);

/** What was engaged with: the message a step of this run sent, any message of a template, or of a campaign. */
export type EngagementTarget = { nodeId: string; templateId?: never; campaignId?: never } | { templateId: string; nodeId?: never; campaignId?: never } | { campaignId: string; nodeId?: never; templateId?: never };
export const ENGAGEMENT_TARGETS = ["nodeId", "templateId", "campaignId"] as const;

const EngagementRule = z
  .strictObject({
    type: z.literal("engagement"),
    action: z.enum(["opened", "clicked"]),
    nodeId: z.string().min(1).optional(),
    templateId: z.string().min(1).optional(),
    campaignId: z.string().min(1).optional(),
    within: Duration.optional(),
  })
  .superRefine((r, ctx) => {
    const given = ENGAGEMENT_TARGETS.filter((k) => r[k] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: "custom", path: given.length ? [given[1]!] : ["nodeId"], message: "name exactly one of nodeId, templateId or campaignId" });
  });

const PropertyRule = z
  .strictObject({ type: z.literal("property"), property: z.string().min(1).max(100), op: ComparisonOp, value: z.unknown().optional() })
  .superRefine((r, ctx) => {
    const { type: _type, ...comparison } = r;
    const checked = Comparison.safeParse(comparison);
    if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });

// Keyed on `type`, so a bad rule is reported against the variant it names, not as "Invalid input".
export const Rule: z.ZodType<Rule> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("all"), rules: z.array(Rule).min(1).max(100) }),
    z.strictObject({ type: z.literal("any"), rules: z.array(Rule).min(1).max(100) }),
    z.strictObject({ type: z.literal("not"), rule: Rule }),
    PropertyRule,
    z.strictObject({ type: z.literal("lifecycle"), op: z.enum(["is", "is_not", "at_least", "at_most"]), stage: z.string().min(1) }),
    z.strictObject({
      type: z.literal("score"),
      op: z.enum(["gte", "gt", "lte", "lt", "equals", "between"]),
      value: z.union([z.number(), z.tuple([z.number(), z.number()])]),
      /** A named score's key (e.g. `fit`); absent means the contact's main score. */
      score: z.string().min(1).max(50).optional(),
    }),
    z.strictObject({ type: z.literal("tag"), op: z.enum(["has", "has_not"]), tag: z.string().min(1).max(100) }),
    z.strictObject({ type: z.literal("list"), op: z.enum(["member", "not_member"]), listId: z.string().min(1) }),
    z.strictObject({ type: z.literal("segment"), op: z.enum(["member", "not_member"]), segmentId: z.string().min(1) }),
    z.strictObject({
      type: z.literal("event"),
      name: z.string().min(1).max(200),
      filters: z.array(Comparison).max(20).optional(),
      count: z.strictObject({ op: CountOp, value: z.number().int().min(0) }),
      within: Duration.optional(),
    }),
    EngagementRule,
  ]),
) as z.ZodType<Rule>;
