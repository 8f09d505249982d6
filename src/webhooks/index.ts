export { installWebhooks } from "./install.js";
export { type WebhookDispatchOptions } from "./dispatch-job.js";
export {
  createWebhookSubscription,
  deleteWebhookSubscription,
  listWebhookSubscriptions,
  readWebhookSubscription,
  rotateWebhookSecret,
  updateWebhookSubscription,
} from "./subscriptions.js";
export { listWebhookDeliveries, sendTestEvent } from "./deliveries.js";
