/** One measured figure: printed as one JSON line on stdout, the only thing the bench writes there. */
export interface Figure {
  scenario: "ingest" | "import" | "engine" | "lateness" | "latency" | "segments" | "broadcast";
  metric: string;
  value: number;
  unit: string;
  params: Record<string, unknown>;
}

export function emit(figure: Figure): void {
  process.stdout.write(`${JSON.stringify({ ...figure, value: round(figure.value) })}\n`);
}

/** Progress for the person watching; stderr so stdout stays machine-readable. */
export function note(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

function round(v: number): number {
  if (!Number.isFinite(v)) return v;
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100;
}
