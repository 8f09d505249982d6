import type { EventReactor } from "../../deps.js";
import { fromJson } from "../../store/index.js";

/** An internal event the engine caused in the scratch store. */
export interface EngineEvent {
  at: number;
  name: string;
  properties: Record<string, unknown>;
}

/**
 * Collects the internal events stored while the engine works (enrolment decisions, the effects
 * of actions), and not those of the setup or the timeline, which the simulator applies itself
 * inside `outsideEngine`. Reactors run inside the transaction just before it commits; the scratch
 * store has no concurrent writers, so such a transaction does not fail after that.
 */
export function createEngineRecorder(): { reactor: EventReactor; events: EngineEvent[]; outsideEngine<T>(work: () => Promise<T>): Promise<T> } {
  const events: EngineEvent[] = [];
  let paused = false;
  return {
    events,
    reactor: {
      async react(_db, _workspaceId, rows) {
        if (paused) return;
        for (const r of rows) {
          if (r.kind !== "internal" || r.name === null || r.name === undefined) continue;
          events.push({ at: r.timestamp, name: r.name, properties: fromJson<Record<string, unknown>>(r.properties) ?? {} });
        }
      },
    },
    async outsideEngine(work) {
      paused = true;
      try {
        return await work();
      } finally {
        paused = false;
      }
    },
  };
}
