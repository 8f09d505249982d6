export { createSender, deleteSender, listSenders, readSender, senderAddress, updateSender } from "./senders.js";
