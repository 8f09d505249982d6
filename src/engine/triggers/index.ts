export { type StoredEvent, eventKey, triggerKeys, matchesTrigger } from "./match.js";
