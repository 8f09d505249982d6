import type { App, RouteContext } from "../app.js";

export function listRoutes(_app: App, _ctx: RouteContext): void {}
