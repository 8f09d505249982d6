/** What the trigger-to-inbox child sends: `warmupCalls + calls` /v1/track calls at `ratePerS`, call i from user `<prefix>-<i>`. */
export interface InboxSpec {
  origin: string;
  authorization: string;
  event: string;
  prefix: string;
  /** Sent first on the same schedule, not counted. */
  warmupCalls: number;
  calls: number;
  ratePerS: number;
  /** Connections kept; a call starts on schedule as long as fewer than this are unanswered. */
  concurrency: number;
  /** How long to wait, after the last answer, for the last emails, ms. */
  waitMs: number;
}

export interface InboxResult {
  /** Of the counted calls. */
  okCalls: number;
  failedCalls: number;
  firstFailure: string | null;
  /** From the first call to the last answer, warm-up included. */
  elapsedMs: number;
  /** Per call i (warm-up first): when its 2xx answer arrived, when the SMTP server accepted its email (performance.now of the child), and the call's latency; NaN where there is none. */
  answered: Float64Array;
  accepted: Float64Array;
  callMs: Float64Array;
}
