import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { SimulationResult } from "../../../src/schemas/simulation.js";
import type { WorkflowOut, WorkflowValidation } from "../../../src/schemas/workflow-api.js";
import { WorkflowDefinition } from "../../../src/schemas/workflow/index.js";
import { Canvas } from "./canvas.js";
import { isStepNode, stableJson, TRIGGER_ID } from "./graph.js";
import { outHandles } from "./handles.js";
import { OverlayContext, type Overlay } from "./overlay.js";
import { AddStepMenu, Palette } from "./palette.js";
import { messageOf, placeProblems, problemsOf, problemsOfIssues, type Problem } from "./problems.js";
import { ReferencesContext, StepsContext, useLoadReferences } from "./references.js";
import { statusOf, workflowPath, type Request } from "./request.js";
import { pathOverlay } from "./simulation.js";
import { Simulator } from "./simulator.js";
import { StepPanel } from "./step-panel.js";
import { TriggerPanel } from "./trigger-panel.js";
import { useCanvas } from "./use-canvas.js";
import { countsOf, useStats } from "./use-stats.js";

type Load = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; workflow: WorkflowOut };

/** The builder of one workflow: loads it, then the editor; `canWrite` false (a read-only user) shows it without the controls that change it. */
export function Builder({ request, workflowId, onBack, canWrite }: { request: Request; workflowId: string; onBack: () => void; canWrite: boolean }) {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setLoad({ state: "loading" });
    request<WorkflowOut>("GET", workflowPath(workflowId))
      .then((workflow) => live && setLoad({ state: "ready", workflow }))
      .catch((err: unknown) => live && setLoad({ state: "failed", message: statusOf(err) === 404 ? "This workflow does not exist (any more)." : messageOf(err) }));
    return () => {
      live = false;
    };
  }, [request, workflowId, attempt]);

  if (load.state === "loading")
    return (
      <p className="muted" role="status">
        Loading the workflow…
      </p>
    );
  if (load.state === "failed")
    return (
      <section className="wf-screen">
        <p role="alert" className="error">
          Could not load the workflow: {load.message}
        </p>
        <div className="wf-actions">
          <button type="button" onClick={() => setAttempt((a) => a + 1)}>
            Try again
          </button>
          <button type="button" className="secondary" onClick={onBack}>
            Back to workflows
          </button>
        </div>
      </section>
    );
  return (
    <ReactFlowProvider>
      <Editor request={request} initial={load.workflow} onBack={onBack} canWrite={canWrite} />
    </ReactFlowProvider>
  );
}

type Notice = { kind: "ok" | "error"; text: string } | null;
const NO_LIGHT = { lit: new Map(), litEdges: new Set<string>() };

function Editor({ request, initial, onBack, canWrite }: { request: Request; initial: WorkflowOut; onBack: () => void; canWrite: boolean }) {
  const [workflow, setWorkflow] = useState(initial);
  const canvas = useCanvas(initial.draft);
  const [saved, setSaved] = useState(() => stableJson(initial.draft));
  const dirty = stableJson(canvas.definition) !== saved;
  const refs = useLoadReferences(request);
  const { stats, error: statsError } = useStats(request, workflow.id, workflow.currentVersion);
  const [problems, setProblems] = useState<{ list: Problem[]; doc: WorkflowDefinition } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [simOpen, setSimOpen] = useState(false);
  const [simResult, setSimResult] = useState<SimulationResult | null>(null);
  const readOnly = workflow.status === "archived" || !canWrite;

  const selected = canvas.nodes.filter((n) => n.selected);
  const single = selected.length === 1 ? selected[0]! : null;
  const placed = useMemo(() => (problems ? placeProblems(problems.list, problems.doc) : { byNode: new Map<string, string[]>(), general: [] }), [problems]);
  const light = useMemo(() => (simResult ? pathOverlay(simResult, canvas.edges) : NO_LIGHT), [simResult, canvas.edges]);
  const counts = useMemo(() => (stats ? countsOf(stats) : null), [stats]);
  const overlay = useMemo<Overlay>(() => ({ problems: placed.byNode, counts, lit: light.lit, triggers: canvas.base.triggers }), [placed, counts, light, canvas.base.triggers]);
  const stepList = canvas.nodes.filter(isStepNode).map((n) => `${n.id}\u0000${n.data.step.type}\u0000${n.data.step.label ?? ""}`).join("\u0001");
  const steps = useMemo(() => (stepList ? stepList.split("\u0001").map((s) => s.split("\u0000")).map(([id, type, label]) => ({ id: id!, type: type!, ...(label ? { label } : {}) })) : []), [stepList]);

  const accept = useCallback(
    (w: WorkflowOut) => {
      setWorkflow(w);
      canvas.reset(w.draft);
      setSaved(stableJson(w.draft));
    },
    [canvas],
  );

  /** Saves the draft (checked against the schema here first); the saved workflow, or null. */
  async function save(): Promise<WorkflowOut | null> {
    const def = canvas.placedDefinition();
    const parsed = WorkflowDefinition.safeParse(def);
    if (!parsed.success) {
      setProblems({ list: problemsOfIssues(parsed.error.issues), doc: def });
      setNotice({ kind: "error", text: "Some steps are not finished: see the problems marked on the canvas." });
      return null;
    }
    try {
      const w = await request<WorkflowOut>("PATCH", workflowPath(workflow.id), { definition: def });
      accept(w);
      return w;
    } catch (err) {
      setProblems({ list: problemsOf(err), doc: def });
      setNotice({ kind: "error", text: `Could not save: ${messageOf(err)}` });
      return null;
    }
  }

  async function run(label: string, task: () => Promise<void>) {
    setBusy(label);
    setNotice(null);
    try {
      await task();
    } finally {
      setBusy(null);
    }
  }

  const saveAndCheck = () =>
    run("Saving…", async () => {
      const w = dirty ? await save() : workflow;
      if (!w) return;
      try {
        const v = await request<WorkflowValidation>("POST", workflowPath(w.id, "validate"), {});
        setProblems({ list: v.problems, doc: w.draft });
        setNotice(v.valid ? { kind: "ok", text: `${dirty ? "Saved. " : ""}No problems: ready to publish.` } : { kind: "error", text: `${dirty ? "Saved. " : ""}${v.problems.length} problem(s) to fix before publishing.` });
      } catch (err) {
        setNotice({ kind: dirty ? "ok" : "error", text: `${dirty ? "Saved, but" : ""} could not check it: ${messageOf(err)}` });
      }
    });

  const publish = () =>
    run("Publishing…", async () => {
      const w = dirty ? await save() : workflow;
      if (!w) return;
      try {
        // Checked first, so the usual refusal is an answer (200) rather than a failed request (422).
        const v = await request<WorkflowValidation>("POST", workflowPath(w.id, "validate"), {});
        if (!v.valid) {
          setProblems({ list: v.problems, doc: w.draft });
          setNotice({ kind: "error", text: `Cannot publish yet: ${v.problems.length} problem(s) to fix, marked on the canvas.` });
          return;
        }
        const published = await request<WorkflowOut>("POST", workflowPath(w.id, "publish"));
        accept(published);
        setProblems(null);
        setNotice({ kind: "ok", text: `Published: new runs start on version ${published.currentVersion}.` });
      } catch (err) {
        setProblems({ list: problemsOf(err), doc: w.draft });
        setNotice({ kind: "error", text: statusOf(err) === 422 ? "Cannot publish yet: fix the problems marked on the canvas." : `Could not publish: ${messageOf(err)}` });
      }
    });

  const transition = (command: "pause" | "resume") =>
    run(command === "pause" ? "Pausing…" : "Resuming…", async () => {
      try {
        const w = await request<WorkflowOut>("POST", workflowPath(workflow.id, command));
        setWorkflow(w);
        setNotice({ kind: "ok", text: command === "pause" ? "Paused: no new contacts enter; runs in flight keep their version." : "Resumed: contacts enter again." });
      } catch (err) {
        setNotice({ kind: "error", text: `Could not ${command}: ${messageOf(err)}` });
      }
    });

  function back() {
    if (dirty && !window.confirm("Leave without saving your changes?")) return;
    onBack();
  }

  const targets = useMemo(() => {
    if (!single || !isStepNode(single)) return {};
    const out: Record<string, string | undefined> = {};
    for (const h of outHandles(single.data.step)) out[h.id] = canvas.edges.find((e) => e.source === single.id && e.sourceHandle === h.id)?.target ?? single.data.dangling?.[h.id];
    return out;
  }, [single, canvas.edges]);

  let panel;
  if (simOpen) panel = <Simulator request={request} workflowId={workflow.id} definition={canvas.definition} onResult={setSimResult} onClose={() => setSimOpen(false)} />;
  else if (single && single.id === TRIGGER_ID) panel = <TriggerPanel base={canvas.base} onChange={canvas.setBase} problems={placed.byNode.get(TRIGGER_ID) ?? []} onClose={() => canvas.select(null)} readOnly={readOnly} />;
  else if (single && isStepNode(single))
    panel = (
      <StepPanel
        key={single.id}
        node={single}
        stepIds={steps.map((s) => s.id)}
        targets={targets}
        problems={placed.byNode.get(single.id) ?? []}
        onChange={(step) => canvas.updateStep(single.id, step)}
        onRename={(to) => canvas.rename(single.id, to)}
        onConnect={(handle, target) => canvas.connect(single.id, handle, target)}
        onRemoveItem={(prefix, index, step) => canvas.removeItem(single.id, prefix, index, step)}
        onDelete={() => canvas.remove(single.id)}
        onClose={() => canvas.select(null)}
        readOnly={readOnly}
      />
    );
  else panel = <Help />;

  const status = workflow.status;
  return (
    <ReferencesContext.Provider value={refs}>
      <StepsContext.Provider value={steps}>
        <OverlayContext.Provider value={overlay}>
          <section className="wf-builder" aria-labelledby="wf-title">
            <div className="wf-toolbar">
              <button type="button" className="link" onClick={back}>
                ← Workflows
              </button>
              <h2 id="wf-title">{workflow.name}</h2>
              <span className={`wf-status wf-status-${status}`}>{status}</span>
              <span className="muted">{workflow.currentVersion ? `version ${workflow.currentVersion} live` : "not published yet"}</span>
              {dirty && <span className="wf-dirty">unsaved changes</span>}
              <div className="wf-actions">
                <AddStepMenu onAdd={(t) => canvas.add(t)} disabled={readOnly} />
                <button type="button" className="secondary" onClick={canvas.tidy}>
                  Tidy up
                </button>
                {canWrite && (
                  <button type="button" className="secondary" aria-pressed={simOpen} onClick={() => setSimOpen((o) => !o)}>
                    Simulate
                  </button>
                )}
                {!readOnly && (
                  <>
                    <button type="button" className="secondary" onClick={saveAndCheck} disabled={busy !== null}>
                      {dirty ? "Save" : "Check"}
                    </button>
                    <button type="button" onClick={publish} disabled={busy !== null}>
                      Publish
                    </button>
                  </>
                )}
                {canWrite && status === "active" && (
                  <button type="button" className="secondary" onClick={() => transition("pause")} disabled={busy !== null}>
                    Pause
                  </button>
                )}
                {canWrite && status === "paused" && (
                  <button type="button" className="secondary" onClick={() => transition("resume")} disabled={busy !== null}>
                    Resume
                  </button>
                )}
              </div>
            </div>
            <div role="status" aria-live="polite" className="wf-notices">
              {busy && <p className="muted">{busy}</p>}
              {notice && <p className={notice.kind === "ok" ? "wf-ok" : "error"}>{notice.text}</p>}
              {statsError && <p className="muted">Counts not refreshed: {statsError}</p>}
              {!canWrite && <p className="muted">Your role can read workflows, not change them.</p>}
              {canWrite && readOnly && <p className="muted">This workflow is archived: it can be read, not changed.</p>}
            </div>
            {placed.general.length > 0 && (
              <ul className="wf-problems" aria-label="Problems not tied to a step">
                {placed.general.map((p, i) => (
                  <li key={i}>
                    {p.field && <code>{p.field}</code>} {p.message}
                  </li>
                ))}
              </ul>
            )}
            <div className="wf-body">
              <Palette onAdd={(t) => canvas.add(t)} disabled={readOnly} />
              <Canvas canvas={canvas} readOnly={readOnly} litEdges={light.litEdges} />
              {panel}
            </div>
          </section>
        </OverlayContext.Provider>
      </StepsContext.Provider>
    </ReferencesContext.Provider>
  );
}

function Help() {
  return (
    <aside className="wf-panel" aria-labelledby="wf-help-title">
      <h2 id="wf-help-title">Building a workflow</h2>
      <ol className="wf-help">
        <li>
          Select the <strong>Triggers</strong> node to choose what starts the workflow, who may enter, its goal and exit.
        </li>
        <li>Drag steps from the palette onto the canvas (or use “Add step”: it adds below the selected step and connects it).</li>
        <li>Connect a step's labelled handles (yes / no, branches, timeout…) to the steps that follow; or pick them in the step's panel.</li>
        <li>Select a step to edit it here. Delete removes the selected step or connection.</li>
        <li>Every path must end with an End or Goal step. “Check” saves and lists what is left to fix; “Simulate” plays the workflow for one contact.</li>
        <li>“Publish” makes it live. Counts on each step then show runs that entered, are waiting and ended there.</li>
      </ol>
      <p className="muted">Keyboard: Tab to a node and press Enter to select it, arrow keys move it, Delete removes it.</p>
    </aside>
  );
}
