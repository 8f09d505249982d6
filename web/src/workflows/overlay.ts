import { createContext, useContext } from "react";
import type { Trigger } from "../../../src/schemas/workflow/index.js";

/** Counts of one node of the published version (GET …/versions/:v/stats). */
export interface NodeCounts {
  entered: number;
  waiting: number;
  completed: number;
  converted: number;
  failed: number;
}

/** What the simulator said about a node: the positions in the path, and each visit's decision and reason. */
export interface LitStep {
  order: number[];
  notes: string[];
}

/** What the canvas shows over the document: problems, counts, the simulated path, the triggers. */
export interface Overlay {
  problems: Map<string, string[]>;
  /** null while there are no counts (never published, or not loaded). */
  counts: Map<string, NodeCounts> | null;
  lit: Map<string, LitStep>;
  triggers: Trigger[];
}

export const OverlayContext = createContext<Overlay>({ problems: new Map(), counts: null, lit: new Map(), triggers: [] });

export function useOverlay(): Overlay {
  return useContext(OverlayContext);
}
