/** The one source of time. Nothing else in Parcours reads the wall clock. */
export interface Clock {
  /** Current time, epoch ms. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: tests, the simulator, `PARCOURS_CLOCK=manual`. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms` (never backward). */
  advance(ms: number): number;
  set(at: number): void;
}

export function createManualClock(start: number): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      if (ms < 0) throw new RangeError("a clock only moves forward");
      current += ms;
      return current;
    },
    set(at) {
      if (at < current) throw new RangeError("a clock only moves forward");
      current = at;
    },
  };
}
