import { lazy, type ComponentType } from "react";
import type { ScreenProps } from "./screen-props.js";

export interface ScreenEntry {
  /** Its address: `#/<id>`, and `#/<id>/<rest>` for what the screen opens inside it. */
  id: string;
  label: string;
  component: ComponentType<ScreenProps>;
}

/**
 * The screens of the navigation, in its order; the first is the home screen. Each is loaded when
 * first opened, so a marketer who only reads contacts never downloads the workflow builder.
 */
export const SCREENS: readonly ScreenEntry[] = [
  { id: "dashboard", label: "Dashboard", component: lazy(() => import("./dashboard/index.js").then((m) => ({ default: m.DashboardScreen }))) },
  { id: "contacts", label: "Contacts", component: lazy(() => import("./contacts/index.js").then((m) => ({ default: m.ContactsScreen }))) },
  { id: "segments", label: "Segments", component: lazy(() => import("./segments/index.js").then((m) => ({ default: m.SegmentsScreen }))) },
  { id: "workflows", label: "Workflows", component: lazy(() => import("./workflows/index.js").then(({ WorkflowsScreen }) => ({ default: ({ api, me }: ScreenProps) => <WorkflowsScreen request={api.request} canWrite={me.user.role !== "read_only"} /> }))) },
  { id: "recipes", label: "Recipes", component: lazy(() => import("./recipes/index.js").then((m) => ({ default: m.RecipesScreen }))) },
  { id: "templates", label: "Templates", component: lazy(() => import("./templates/index.js").then((m) => ({ default: m.TemplatesScreen }))) },
  { id: "broadcasts", label: "Broadcasts", component: lazy(() => import("./broadcasts/index.js").then((m) => ({ default: m.BroadcastsScreen }))) },
  { id: "forms", label: "Forms", component: lazy(() => import("./forms/index.js").then((m) => ({ default: m.FormsScreen }))) },
  { id: "mailbox", label: "Mailbox", component: lazy(() => import("./mailbox/index.js").then((m) => ({ default: m.MailboxScreen }))) },
  { id: "settings", label: "Settings", component: lazy(() => import("./settings/index.js").then((m) => ({ default: m.SettingsScreen }))) },
];
