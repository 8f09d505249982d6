export { syncTriggerSchedules, type ActiveVersion } from "./activate.js";
export { createDateDueReactor } from "./date-due-reactor.js";
export { runScheduledTriggers } from "./round.js";
