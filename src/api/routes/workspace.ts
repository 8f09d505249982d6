import type { App, RouteContext } from "../app.js";

export function workspaceRoutes(_app: App, _ctx: RouteContext): void {}
