import { Handle, Position, type NodeProps, type NodeTypes } from "@xyflow/react";
import { memo } from "react";
import { START_HANDLE, type StepNode, type TriggerNode } from "./graph.js";
import { outHandles } from "./handles.js";
import { useOverlay, type NodeCounts } from "./overlay.js";
import { useReferences, type References } from "./references.js";
import { STEP_KIND } from "./step-kinds.js";
import { summariseStep, summariseTrigger } from "./step-summary.js";

function Counts({ id, counts }: { id: string; counts: NodeCounts }) {
  return (
    <div className="wf-counts" data-testid={`count-${id}`} data-entered={counts.entered} data-waiting={counts.waiting} data-completed={counts.completed} aria-label={`${counts.entered} entered, ${counts.waiting} waiting, ${counts.completed} completed`}>
      <span title="Runs that entered this step">entered {counts.entered}</span>
      <span title="Runs waiting here now">waiting {counts.waiting}</span>
      <span title="Runs that ended here">completed {counts.completed + counts.converted}</span>
      {counts.failed > 0 && <span className="bad" title="Runs that failed here">failed {counts.failed}</span>}
    </div>
  );
}

function Problems({ messages }: { messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <ul className="wf-node-problems" aria-label="Problems">
      {messages.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

const names = new WeakMap<object, Map<string, string>>();
/** Template names by id (kept per loaded list, so memoised nodes do not rebuild it). */
function templateNames(templates: References["templates"]): Map<string, string> | undefined {
  if (!templates) return undefined;
  let map = names.get(templates);
  if (!map) names.set(templates, (map = new Map(templates.map((t) => [t.id, t.name]))));
  return map;
}

const ZERO: NodeCounts = { entered: 0, waiting: 0, completed: 0, converted: 0, failed: 0 };

/** A step on the canvas: type, id, label or summary, counts, problems, and one labelled handle per outgoing target. */
const StepCard = memo(function StepCard({ id, data, selected }: NodeProps<StepNode>) {
  const overlay = useOverlay();
  const step = data.step;
  const problems = overlay.problems.get(id);
  const lit = overlay.lit.get(id);
  const handles = outHandles(step);
  const summary = summariseStep(step, templateNames(useReferences().templates));
  const classes = ["wf-node", `wf-node-${step.type}`, selected ? "selected" : "", problems?.length ? "has-problems" : "", lit ? "lit" : ""].filter(Boolean).join(" ");
  return (
    <div className={classes} data-testid={`node-${id}`} aria-label={`${STEP_KIND[step.type].title} ${id}${step.label ? `: ${step.label}` : ""}${problems?.length ? `, ${problems.length} problem(s)` : ""}`}>
      <Handle type="target" position={Position.Top} id="in" aria-label={`Into ${id}`} />
      <div className="wf-node-head">
        <span className="wf-node-type">{STEP_KIND[step.type].title}</span>
        <code>{id}</code>
        {lit && (
          <span className="wf-node-order" title="Position in the simulated path">
            #{lit.order.join(", #")}
          </span>
        )}
      </div>
      <div className="wf-node-title">{step.label ?? summary}</div>
      {step.label && <div className="wf-node-summary">{summary}</div>}
      {overlay.counts && <Counts id={id} counts={overlay.counts.get(id) ?? ZERO} />}
      {lit && (
        <ul className="wf-node-lit" aria-label="Simulated decisions">
          {lit.notes.map((n, i) => (
            <li key={i} title={n}>
              {n}
            </li>
          ))}
        </ul>
      )}
      <Problems messages={problems} />
      {handles.length > 0 && (
        <div className="wf-handles">
          {handles.map((h) => (
            <div key={h.id} className="wf-handle">
              <span>{h.label}</span>
              <Handle type="source" position={Position.Bottom} id={h.id} aria-label={`${id}: ${h.label}`} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
});

/** The triggers: what starts a run; its handle goes to the first step. */
const TriggerCard = memo(function TriggerCard({ id, selected }: NodeProps<TriggerNode>) {
  const overlay = useOverlay();
  const problems = overlay.problems.get(id);
  return (
    <div className={["wf-node", "wf-node-trigger", selected ? "selected" : "", problems?.length ? "has-problems" : ""].filter(Boolean).join(" ")} data-testid="node-trigger" aria-label="Triggers">
      <div className="wf-node-head">
        <span className="wf-node-type">Triggers</span>
      </div>
      <ul className="wf-trigger-list">
        {overlay.triggers.map((t, i) => (
          <li key={i}>{summariseTrigger(t)}</li>
        ))}
      </ul>
      <Problems messages={problems} />
      <div className="wf-handles">
        <div className="wf-handle">
          <span>start</span>
          <Handle type="source" position={Position.Bottom} id={START_HANDLE} aria-label="Start" />
        </div>
      </div>
    </div>
  );
});

/** Declared once at module scope, as React Flow asks. */
export const NODE_TYPES: NodeTypes = {
  trigger: TriggerCard,
  action: StepCard,
  condition: StepCard,
  branch: StepCard,
  split: StepCard,
  delay: StepCard,
  wait_for: StepCard,
  jump: StepCard,
  goal: StepCard,
  end: StepCard,
};
