export * as contactSchemas from "./contact.js";
export * from "./workspace.js";
