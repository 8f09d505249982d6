import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { StepType } from "./handles.js";
import { DRAG_TYPE, STEP_KINDS } from "./step-kinds.js";

/** Step kinds to drag onto the canvas; clicking (or Enter) adds one below the selected step instead. */
export function Palette({ onAdd, disabled }: { onAdd: (type: StepType) => void; disabled: boolean }) {
  return (
    <nav className="wf-palette" aria-label="Steps to add">
      <h2>Steps</h2>
      <p className="muted">Drag onto the canvas, or click to add below the selected step.</p>
      <ul>
        {STEP_KINDS.map((k) => (
          <li key={k.type}>
            <button
              type="button"
              className={`wf-palette-item wf-kind-${k.type}`}
              draggable={!disabled}
              disabled={disabled}
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_TYPE, k.type);
                e.dataTransfer.effectAllowed = "move";
              }}
              onClick={() => onAdd(k.type)}
              aria-label={`Add a ${k.title} step`}
              title={k.hint}
            >
              <strong>{k.title}</strong>
              <small>{k.hint}</small>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A menu button listing the step kinds: the keyboard's way to add a step (arrows, Enter, Escape). */
export function AddStepMenu({ onAdd, disabled }: { onAdd: (type: StepType) => void; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) items.current[active]?.focus();
  }, [open, active]);
  function close() {
    setOpen(false);
    button.current?.focus();
  }
  function onKey(e: KeyboardEvent) {
    if (e.key === "ArrowDown") setActive((a) => (a + 1) % STEP_KINDS.length);
    else if (e.key === "ArrowUp") setActive((a) => (a - 1 + STEP_KINDS.length) % STEP_KINDS.length);
    else if (e.key === "Home") setActive(0);
    else if (e.key === "End") setActive(STEP_KINDS.length - 1);
    else if (e.key === "Escape" || e.key === "Tab") close();
    else return;
    e.preventDefault();
  }
  return (
    <div className="wf-menu">
      <button
        ref={button}
        type="button"
        className="secondary"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled}
        onClick={() => {
          setActive(0);
          setOpen((o) => !o);
        }}
      >
        Add step ▾
      </button>
      {open && (
        <ul role="menu" aria-label="Add a step" onKeyDown={onKey}>
          {STEP_KINDS.map((k, i) => (
            <li role="none" key={k.type}>
              <button
                ref={(el) => {
                  items.current[i] = el;
                }}
                role="menuitem"
                type="button"
                tabIndex={i === active ? 0 : -1}
                onClick={() => {
                  onAdd(k.type);
                  close();
                }}
              >
                {k.title} <small>{k.hint}</small>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
