import { z } from "zod";
import { fromJson, toJson, type ContactRow, type NewContactRow } from "../store/index.js";
import type { Properties } from "./property-types.js";

export { isTimeZone } from "../schemas/time-zone.js";

export const CHANNELS = ["email", "sms", "push", "in_app"] as const;
export type Channel = (typeof CHANNELS)[number];
export const SubscriptionStatus = z.enum(["subscribed", "unsubscribed"]);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatus>;
/** Explicit choices per channel; a channel absent from the map has no recorded choice. */
export type Subscriptions = Partial<Record<Channel, SubscriptionStatus>>;

export interface Contact {
  id: string;
  workspaceId: string;
  email: string | null;
  externalId: string | null;
  properties: Properties;
  lifecycleStage: string | null;
  score: number;
  ownerId: string | null;
  timezone: string | null;
  subscriptions: Subscriptions;
  createdAt: number;
  updatedAt: number;
}

export function contactFromRow(row: ContactRow): Contact {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    email: row.email,
    externalId: row.external_id,
    properties: fromJson<Properties>(row.properties),
    lifecycleStage: row.lifecycle_stage,
    score: Number(row.score),
    ownerId: row.owner_id,
    timezone: row.timezone,
    subscriptions: fromJson<Subscriptions>(row.subscriptions),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function contactToRow(c: Contact): NewContactRow {
  return {
    id: c.id,
    workspace_id: c.workspaceId,
    email: c.email,
    external_id: c.externalId,
    properties: toJson(c.properties),
    lifecycle_stage: c.lifecycleStage,
    score: c.score,
    owner_id: c.ownerId,
    timezone: c.timezone,
    subscriptions: toJson(c.subscriptions),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

const Email = z.email();

/** Lower-cased, trimmed email, or undefined when it is not an address. */
export function normalizeEmail(input: string): string | undefined {
  const email = input.trim().toLowerCase();
  return email.length <= 254 && Email.safeParse(email).success ? email : undefined;
}
