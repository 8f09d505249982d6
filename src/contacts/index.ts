export { type Contact, type Channel, type Subscriptions, type SubscriptionStatus, CHANNELS, SubscriptionStatus as SubscriptionStatusSchema, contactFromRow, normalizeEmail, isTimeZone } from "./contact.js";
export { type PropertyType, type PropertyValue, type Properties, inferType, checkValue, parseText, PROPERTY_NAME } from "./property-types.js";
export { type EventInput, type ContactKey, ContactSession, withContactSession } from "./session.js";
export { applyContactInput } from "./apply-input.js";
export { contactToApi } from "./to-api.js";
export { readContact, readContactOut, listContacts } from "./read.js";
export { type DetachSteps, detachAllThenRemove } from "./detach-all.js";
