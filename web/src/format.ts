/** An ISO time or epoch ms in the reader's locale. */
export function formatTime(t: string | number): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toLocaleString();
}

/** A property value as text: strings plain, everything else as JSON. */
export function formatValue(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}
