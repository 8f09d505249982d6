import type { Deps, EventReactor } from "../deps.js";
import { fromJson, insertWebhookDeliveries, selectEnabledWebhookSubscriptions, type WebhookDeliveryRow } from "../store/index.js";
import { WEBHOOK_EVENT_TYPES } from "../schemas/webhook-subscription.js";
import { pendingDelivery } from "./deliveries.js";
import { contactSnapshots, eventPayload } from "./event-payload.js";

const SUBSCRIBABLE: ReadonlySet<string> = new Set(WEBHOOK_EVENT_TYPES);

/**
 * Queues a delivery for every enabled subscription that wants one of the events a unit of work
 * stores, inside its transaction: every contact change passes through here (API, ingestion,
 * imports, forms, workflow steps, the CRM endpoint), and an event and its deliveries commit
 * together or not at all, so a crash loses none and a rolled-back change sends nothing.
 */
export function createWebhookQueueReactor(deps: Deps): EventReactor {
  return {
    async react(db, workspaceId, events) {
      const relevant = events.filter((e) => e.kind === "internal" && e.name !== null && e.name !== undefined && SUBSCRIBABLE.has(e.name));
      if (!relevant.length) return;
      const subscriptions = await selectEnabledWebhookSubscriptions(db, workspaceId);
      if (!subscriptions.length) return;
      const wanted = subscriptions.map((s) => ({ id: s.id, types: new Set(fromJson<string[]>(s.event_types)) }));
      const pairs = relevant.flatMap((event) => wanted.filter((s) => s.types.has(event.name!)).map((s) => ({ subscriptionId: s.id, event })));
      if (!pairs.length) return;
      const contacts = await contactSnapshots(db, deps.dialect, workspaceId, [...new Set(pairs.map((p) => p.event.contact_id))]);
      const now = deps.clock.now();
      const bodies = new Map<string, string>();
      const rows: WebhookDeliveryRow[] = pairs.map(({ subscriptionId, event }) => {
        let body = bodies.get(event.id);
        if (body === undefined) bodies.set(event.id, (body = eventPayload(event, contacts.get(event.contact_id))));
        return pendingDelivery(deps.ids(), workspaceId, subscriptionId, { id: event.id, type: event.name! }, body, now);
      });
      await insertWebhookDeliveries(db, rows);
    },
  };
}
