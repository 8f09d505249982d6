export { type KeyKind, type KeyPrincipal, hashKey, createApiKey, authenticate, listApiKeys, revokeKey } from "./api-keys.js";
export { DEFAULT_WORKSPACE, bootstrapWorkspace, findOrCreateWorkspace } from "./bootstrap.js";
export { webhookSecretOf, rotateWebhookSecret } from "./webhook-secret.js";
