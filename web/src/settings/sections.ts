import { lazy, type ComponentType } from "react";
import type { UserRole } from "../../../src/schemas/user.js";
import type { ScreenProps } from "../screen-props.js";

/** What a section is given: the screen's props, and whether this user may change what it shows. */
export interface SectionProps extends ScreenProps {
  canWrite: boolean;
}

export interface Section {
  /** Its address: `#/settings/<id>`. */
  id: string;
  label: string;
  /** Who sees the section at all (admin-only sections are hidden from the others). */
  readers: "everyone" | "admin";
  /** The role needed to change it, as the API checks it (src/api/roles.ts). */
  writers: UserRole;
  component: ComponentType<SectionProps>;
}

const RANK: Record<UserRole, number> = { read_only: 0, marketer: 1, admin: 2 };

/** Settings sections in the order of the side menu; the first is shown at `#/settings`. */
export const SECTIONS: readonly Section[] = [
  { id: "stages", label: "Funnel stages", readers: "everyone", writers: "admin", component: lazy(() => import("./lifecycle-stages.js").then((m) => ({ default: m.LifecycleStages }))) },
  { id: "scoring", label: "Scoring rules", readers: "everyone", writers: "marketer", component: lazy(() => import("./scoring-rules.js").then((m) => ({ default: m.ScoringRules }))) },
  { id: "senders", label: "Sender identities", readers: "everyone", writers: "marketer", component: lazy(() => import("./senders.js").then((m) => ({ default: m.Senders }))) },
  { id: "topics", label: "Subscription topics", readers: "everyone", writers: "marketer", component: lazy(() => import("./topics.js").then((m) => ({ default: m.Topics }))) },
  { id: "web-tracking", label: "Web tracking", readers: "everyone", writers: "marketer", component: lazy(() => import("./web-tracking.js").then((m) => ({ default: m.WebTracking }))) },
  { id: "sending", label: "Sending policy", readers: "everyone", writers: "admin", component: lazy(() => import("./sending-policy.js").then((m) => ({ default: m.SendingPolicySection }))) },
  { id: "webhooks", label: "Webhooks", readers: "everyone", writers: "marketer", component: lazy(() => import("./webhooks.js").then((m) => ({ default: m.Webhooks }))) },
  { id: "keys", label: "API keys", readers: "admin", writers: "admin", component: lazy(() => import("./api-keys.js").then((m) => ({ default: m.ApiKeys }))) },
  { id: "users", label: "Users", readers: "admin", writers: "admin", component: lazy(() => import("./users.js").then((m) => ({ default: m.Users }))) },
];

/** The sections `role` sees. */
export function sectionsFor(role: UserRole): Section[] {
  return SECTIONS.filter((s) => s.readers === "everyone" || role === "admin");
}

export function canWrite(role: UserRole, section: Section): boolean {
  return RANK[role] >= RANK[section.writers];
}
