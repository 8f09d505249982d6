import type { BroadcastOut, BroadcastStatus } from "../../../src/schemas/broadcast.js";

const LABEL: Record<BroadcastStatus, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  sending: "Sending",
  testing: "A/B testing",
  sent: "Sent",
  cancelled: "Cancelled",
};

export function StatusBadge({ status }: { status: BroadcastStatus }) {
  return <span className={`badge bc-status bc-status-${status}`}>{LABEL[status]}</span>;
}

/** Whether its figures may still change soon: it is going out or about to, or its resend is. */
export function isActive(b: BroadcastOut): boolean {
  return b.status === "scheduled" || b.status === "sending" || b.status === "testing";
}
