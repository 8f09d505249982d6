export * as contactSchemas from "./contact.js";
export * from "./workspace.js";
export * as ruleSchemas from "./rule.js";
export * as workflowSchemas from "./workflow/index.js";
