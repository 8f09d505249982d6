import type { App, RouteContext } from "../app.js";

export function userRoutes(_app: App, _ctx: RouteContext): void {}
