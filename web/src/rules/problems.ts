import { Rule } from "../../../src/schemas/rule.js";

/** Problems by the path of the field they concern, as the server names them (`rule.rules.1.listId`). */
export type RuleProblems = ReadonlyMap<string, string>;

/**
 * What the schema says is wrong with a rule, before anything is sent, keyed like the server's
 * problems under `prefix` (an empty name reads "required" rather than zod's wording).
 */
export function ruleProblems(rule: Rule, prefix: string): RuleProblems {
  const checked = Rule.safeParse(rule);
  if (checked.success) return new Map();
  return new Map(
    checked.error.issues.map((issue) => {
      const tooShort = issue.code === "too_small" && issue.origin === "string";
      return [[prefix, ...issue.path].join("."), tooShort ? "required" : issue.message] as const;
    }),
  );
}

/**
 * The problems of the condition at `path`, each named by the field below it (`listId: no list …`),
 * for a condition; `exact` keeps only those naming the path itself (for a group).
 */
export function problemsAt(problems: RuleProblems, path: string, exact = false): string[] {
  const found: string[] = [];
  for (const [field, message] of problems) {
    if (field === path) found.push(message);
    else if (!exact && field.startsWith(`${path}.`)) found.push(`${field.slice(path.length + 1)}: ${message}`);
  }
  return found;
}
