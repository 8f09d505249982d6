export { broadcastToApi, cancelBroadcast, createBroadcast, deleteBroadcast, listBroadcasts, readBroadcast, sendBroadcast, updateBroadcast } from "./broadcasts.js";
export { broadcastStats } from "./stats.js";
export { type BroadcastSenderOptions, installBroadcasts } from "./job.js";
