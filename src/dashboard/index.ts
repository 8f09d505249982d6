export { messageActivity, localDays } from "./message-activity.js";
export { activeWorkflows } from "./active-workflows.js";
