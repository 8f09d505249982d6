import type { App, RouteContext } from "../app.js";

export function importRoutes(_app: App, _ctx: RouteContext): void {}
