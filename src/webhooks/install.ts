import type { Deps } from "../deps.js";
import { createWebhookDispatchJob, type WebhookDispatchOptions } from "./dispatch-job.js";
import { createWebhookQueueReactor } from "./queue-reactor.js";

/** Queues subscription deliveries with the events that cause them, and sends them from the engine loop. */
export function installWebhooks(deps: Deps, options: WebhookDispatchOptions = {}): void {
  deps.eventReactors.push(createWebhookQueueReactor(deps));
  deps.backgroundJobs.push(createWebhookDispatchJob(deps, options));
}
