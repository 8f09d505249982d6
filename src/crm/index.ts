export { syncCrmContact } from "./sync-contact.js";
