import type { Rule } from "../../../src/schemas/rule.js";
import { describeCondition, type Names } from "./describe.js";
import { groupView } from "./group.js";

const MODE_TEXT = { all: "all of", any: "any of", none: "none of" } as const;

/** A rule in words, groups as nested lists: how a read-only reader (and the segment page) sees it. */
export function RuleSummary({ rule, names, nested = false }: { rule: Rule; names: Names; nested?: boolean }) {
  const view = groupView(rule, "");
  if (!view) return <span>{describeCondition(rule, names)}</span>;
  return (
    <>
      <span>{nested ? `${MODE_TEXT[view.mode][0]!.toUpperCase()}${MODE_TEXT[view.mode].slice(1)}` : `Contacts matching ${MODE_TEXT[view.mode]}`}:</span>
      <ul className="rule-summary">
        {view.items.map((item, i) => (
          <li key={i}>
            <RuleSummary rule={item} names={names} nested />
          </li>
        ))}
      </ul>
    </>
  );
}
