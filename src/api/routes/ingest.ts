import type { App, RouteContext } from "../app.js";

export function ingestRoutes(_app: App, _ctx: RouteContext): void {}
