import type { PropertyType } from "../contacts/index.js";
import type { Duration } from "../schemas/duration.js";
import type { Comparison, ComparisonOp } from "../schemas/rule.js";
import type { Judgement } from "./compare.js";
import { durationText, isDuration } from "./duration.js";
import { typeOfValue } from "./typed-value.js";

const LONGEST_TEXT = 60;
const MOST_LISTED = 5;

/** Each operator as a sentence says it: [when it holds, after "needs to"]. */
const PHRASES: Record<ComparisonOp, [does: string, to: string]> = {
  equals: ["equals", "equal"],
  not_equals: ["does not equal", "not equal"],
  contains: ["contains", "contain"],
  not_contains: ["does not contain", "not contain"],
  starts_with: ["starts with", "start with"],
  ends_with: ["ends with", "end with"],
  in: ["is one of", "be one of"],
  not_in: ["is not one of", "not be one of"],
  gt: ["is greater than", "be greater than"],
  gte: ["is at least", "be at least"],
  lt: ["is less than", "be less than"],
  lte: ["is at most", "be at most"],
  between: ["is between", "be between"],
  is_set: ["is set", "be set"],
  is_not_set: ["is not set", "not be set"],
  before: ["is before", "be before"],
  after: ["is after", "be after"],
  within_last: ["is within the last", "be within the last"],
  within_next: ["is within the next", "be within the next"],
};

/** A value as a reason shows it: text quoted and shortened, dates as written, lists cut short. */
export function showValue(value: unknown, type?: PropertyType): string {
  if (typeof value === "string") {
    if (type === "date") return value;
    return JSON.stringify(value.length > LONGEST_TEXT ? `${value.slice(0, LONGEST_TEXT)}…` : value);
  }
  if (Array.isArray(value)) {
    const shown = value.slice(0, MOST_LISTED).map((v) => showValue(v, type));
    return value.length > MOST_LISTED ? `${shown.join(", ")} and ${value.length - MOST_LISTED} more` : shown.join(", ");
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const json = JSON.stringify(value) ?? "nothing";
  return json.length > LONGEST_TEXT ? `${json.slice(0, LONGEST_TEXT)}…` : json;
}

function operandText(c: Comparison, type: PropertyType | undefined): string {
  if (c.op === "is_set" || c.op === "is_not_set") return "";
  if (c.op === "between" && Array.isArray(c.value) && c.value.length === 2) return `${showValue(c.value[0], type)} and ${showValue(c.value[1], type)}`;
  if ((c.op === "within_last" || c.op === "within_next") && isDuration(c.value)) return durationText(c.value);
  return showValue(c.value, c.op === "before" || c.op === "after" ? "date" : type);
}

function phrase(c: Comparison, form: 0 | 1, type: PropertyType | undefined): string {
  const operand = operandText(c, type);
  return operand === "" ? PHRASES[c.op][form] : `${PHRASES[c.op][form]} ${operand}`;
}

/** `url contains "/pricing"`: a comparison read as a filter. */
export function describeFilter(c: Comparison): string {
  return `${c.property} ${phrase(c, 0, undefined)}`;
}

/**
 * `plan is "pro" (equals "pro")` when it holds, `plan is "free", needs to equal "pro"` when not,
 * with the reason an operator could not apply to the value, if any.
 */
export function describeComparison(actual: unknown, c: Comparison, judged: Judgement, recorded?: PropertyType): string {
  const type = recorded ?? typeOfValue(actual);
  const subject = actual === undefined || actual === null ? `${c.property} is not set` : `${c.property} is ${showValue(actual, type)}`;
  const problem = judged.problem === undefined ? "" : ` (${judged.problem})`;
  if (!judged.matched) return `${subject}, needs to ${phrase(c, 1, type)}${problem}`;
  if (c.op === "is_set" || c.op === "is_not_set") return `${subject}${problem}`;
  return `${subject} (${phrase(c, 0, type)}${judged.problem === undefined ? "" : `; ${judged.problem}`})`;
}

/** "1 time", "3 times". */
export function times(n: number): string {
  return n === 1 ? "1 time" : `${n} times`;
}

/** " in the last 7 days", or `ever` when the rule has no window. */
export function windowText(within: Duration | undefined, ever: string): string {
  return within === undefined ? ever : ` in the last ${durationText(within)}`;
}
