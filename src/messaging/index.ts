export { createSender, deleteSender, listSenders, readSender, senderAddress, updateSender } from "./senders.js";
export { inAppMessagesOf, markInAppRead } from "./in-app.js";
