export { createTopic, readTopic, listTopics, updateTopic, deleteTopic } from "./topics.js";
export { type ContactTopic, type ConsentSource, contactTopics, putContactTopics, chooseTopics } from "./contact-topics.js";
export { addSuppression, listSuppressions, removeSuppressions } from "./suppressions.js";
export {
  type ConsentChannel,
  type MessageCategory,
  type ConsentCheck,
  type ConsentRefusal,
  type ConsentDecision,
  decideConsent,
} from "./consent-decision.js";
export { type ConsentCheckMany, checkConsent, checkConsentMany } from "./check-consent.js";
export { type UnsubscribeTarget, unsubscribeUrl, listUnsubscribeHeaders, readUnsubscribeToken } from "./unsubscribe-link.js";
export { type Preferences, type PreferenceChange, unsubscribeOneClick, readPreferences, savePreferences } from "./unsubscribe.js";
export { recordEmailNotifications } from "./record-notifications.js";
export { parseGenericNotifications } from "./generic-notifications.js";
export { fromPostmark } from "./postmark-notifications.js";
export { emailWebhookCredentials, rotateEmailWebhookSecret, authenticateEmailWebhook } from "./email-webhook-secret.js";
export { type Throttle, type PressureDecision, decidePressure } from "./sending-pressure.js";
export { type PressureCheckInput, readSendingPolicy, putSendingPolicy, checkSendingPressure } from "./sending-policy.js";
