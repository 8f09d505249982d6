import type { MessageActivityOut } from "../../../src/schemas/dashboard.js";

type Day = MessageActivityOut["days"][number];

/** "5 Jan" for "2026-01-05", in the reader's language (the date is already the report's local day). */
export function dayLabel(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
}

/** The axis top: the smallest 1, 2 or 5 × 10ⁿ at or above `n` (at least 1). */
export function axisTop(n: number): number {
  if (n <= 1) return 1;
  const scale = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * scale).find((v) => v >= n)!;
}

/** The chart's text alternative: the totals and the busiest day. */
export function activitySummary(report: MessageActivityOut): string {
  const { sent, opened, clicked } = report.totals;
  const busiest = report.days.reduce<Day | null>((best, d) => (d.sent > (best?.sent ?? 0) ? d : best), null);
  const peak = busiest ? `; most sent on ${dayLabel(busiest.date)}: ${busiest.sent}` : "";
  const period = report.days.length === 1 ? "today" : `over the last ${report.days.length} days`;
  return `Emails per day ${period}: ${sent} sent, ${opened} opened, ${clicked} clicked${peak}.`;
}
