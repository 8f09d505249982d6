export { createSender, deleteSender, listSenders, readSender, senderAddress, updateSender } from "./senders.js";
export { inAppMessagesOf, markInAppRead } from "./in-app.js";
export { trackEmailHtml, type TrackedMessage, type TrackingHit } from "./tracking/tracking-token.js";
export { identityToken, readIdentityToken, readTrackingHit, recordTrackingHit, type HitContext } from "./tracking/record-engagement.js";
