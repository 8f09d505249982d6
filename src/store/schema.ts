import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The database as Kysely sees it. Times are epoch ms; JSON columns hold text on SQLite and
 * jsonb on PostgreSQL, written with `toJson` and read with `fromJson` (see dialect.ts).
 */
export interface Database {
  workspaces: WorkspaceTable;
  api_keys: ApiKeyTable;
  users: UserTable;
  user_sessions: UserSessionTable;
  contacts: ContactTable;
  anonymous_ids: AnonymousIdTable;
  property_definitions: PropertyDefinitionTable;
  contact_tags: ContactTagTable;
  lists: ListTable;
  list_members: ListMemberTable;
  events: EventTable;
  imports: ImportTable;
  workflows: WorkflowTable;
  workflow_versions: WorkflowVersionTable;
  workflow_runs: WorkflowRunTable;
  run_steps: RunStepTable;
  timers: TimerTable;
  enrolment_requests: EnrolmentRequestTable;
  run_watches: RunWatchTable;
  run_wakeups: RunWakeupTable;
  round_robin_cursors: RoundRobinCursorTable;
  trigger_schedules: TriggerScheduleTable;
  scheduled_enrolments: ScheduledEnrolmentTable;
  outbox: OutboxTable;
  mailbox_messages: MailboxMessageTable;
  webhook_secrets: WebhookSecretTable;
  signing_keys: SigningKeyTable;
  templates: TemplateTable;
  template_versions: TemplateVersionTable;
  sender_identities: SenderIdentityTable;
  in_app_messages: InAppMessageTable;
  segments: SegmentTable;
  segment_members: SegmentMemberTable;
  contact_scores: ContactScoreTable;
  segment_history: SegmentHistoryTable;
  score_definitions: ScoreDefinitionTable;
  scoring_rules: ScoringRuleTable;
  score_awards: ScoreAwardTable;
  segment_staging: SegmentStagingTable;
  lifecycle_changes: LifecycleChangeTable;
  subscription_topics: SubscriptionTopicTable;
  topic_subscriptions: TopicSubscriptionTable;
  suppressions: SuppressionTable;
  email_webhook_secrets: EmailWebhookSecretTable;
  broadcasts: BroadcastTable;
  broadcast_recipients: BroadcastRecipientTable;
  forms: FormTable;
  form_submissions: FormSubmissionTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_deliveries: WebhookDeliveryTable;
  site_tracking_origins: SiteTrackingOriginTable;
}

export type Json = unknown;

export interface WorkspaceTable {
  id: string;
  name: string;
  settings: Json;
  created_at: number;
}

export interface ApiKeyTable {
  id: string;
  workspace_id: string;
  kind: "write" | "secret";
  key_hash: string;
  /** First characters of the key, to recognise it in a list without revealing it. */
  prefix: string;
  name: string | null;
  created_at: number;
  revoked_at: number | null;
}

export interface UserTable {
  id: string;
  workspace_id: string;
  email: string;
  name: string | null;
  role: "admin" | "marketer" | "read_only";
  created_at: number;
  /** scrypt hash with its parameters (src/users/password.ts); null: the user cannot sign in. */
  password_hash: string | null;
}

export interface UserSessionTable {
  /** hex SHA-256 of the session token; the token itself is only in the cookie. */
  id: string;
  user_id: string;
  workspace_id: string;
  created_at: number;
  last_seen_at: number;
  /** The session ends at this time unless used again (idle limit, capped by the absolute one). */
  expires_at: number;
}

export interface ContactTable {
  id: string;
  workspace_id: string;
  email: string | null;
  external_id: string | null;
  properties: Json;
  lifecycle_stage: string | null;
  score: number;
  owner_id: string | null;
  timezone: string | null;
  subscriptions: Json;
  created_at: number;
  updated_at: number;
}

export interface AnonymousIdTable {
  workspace_id: string;
  anonymous_id: string;
  contact_id: string;
  created_at: number;
}

export interface PropertyDefinitionTable {
  workspace_id: string;
  name: string;
  type: "string" | "number" | "boolean" | "date";
  created_at: number;
}

export interface ContactTagTable {
  workspace_id: string;
  contact_id: string;
  tag: string;
  created_at: number;
}

export interface ListTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  created_at: number;
}

export interface ListMemberTable {
  workspace_id: string;
  list_id: string;
  contact_id: string;
  created_at: number;
}

export interface EventTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  /** track | page | screen | identify | group | alias | internal */
  kind: string;
  /** Event name (track), page name, or internal event type such as `property.changed`. */
  name: string | null;
  properties: Json;
  context: Json | null;
  message_id: string | null;
  /** When it happened (spec timestamp, corrected for client clock skew), epoch ms. */
  timestamp: number;
  received_at: number;
}

export interface ImportTable {
  id: string;
  workspace_id: string;
  status: "running" | "completed" | "failed";
  source: string | null;
  created: number;
  updated: number;
  rejected: number;
  /** Rejections (row number and reason), capped; and the options used. */
  report: Json;
  created_at: number;
  finished_at: number | null;
}

export interface WorkflowTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  status: "draft" | "active" | "paused" | "archived";
  /** The editable WorkflowDefinition (it passed the schema; graph and reference problems are allowed). */
  draft: Json;
  /** The latest published version; null until the first publish. */
  current_version: number | null;
  created_at: number;
  updated_at: number;
}

/** Written once at publish and never changed: runs execute (workflow_id, version). */
export interface WorkflowVersionTable {
  workflow_id: string;
  version: number;
  /** The parsed WorkflowDefinition, defaults filled in. */
  definition: Json;
  published_at: number;
}

export type WorkspaceRow = Selectable<WorkspaceTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type UserRow = Selectable<UserTable>;
export type UserSessionRow = Selectable<UserSessionTable>;
export type ContactRow = Selectable<ContactTable>;
export type NewContactRow = Insertable<ContactTable>;
export type ContactUpdate = Updateable<ContactTable>;
export type EventRow = Selectable<EventTable>;
export type NewEventRow = Insertable<EventTable>;
export type ListRow = Selectable<ListTable>;
export type ImportRow = Selectable<ImportTable>;
export type WorkflowRow = Selectable<WorkflowTable>;
export type WorkflowVersionRow = Selectable<WorkflowVersionTable>;
export type { Generated };

export interface WorkflowRunTable {
  id: string;
  workspace_id: string;
  workflow_id: string;
  version: number;
  contact_id: string;
  /** running | waiting | completed | converted | exited | failed */
  status: string;
  /** The node the run is at (to run next, or waiting to resume at); null once ended. */
  node_id: string | null;
  state: Json;
  trigger: Json;
  /** Why it failed: { name, message, at }. */
  error: Json | null;
  started_at: number;
  updated_at: number;
  ended_at: number | null;
}

export interface RunStepTable {
  id: string;
  run_id: string;
  workspace_id: string;
  node_id: string;
  node_type: string;
  /** next | wait | end | failed | exited (removed by another workflow) */
  outcome: string;
  record: Json;
  at: number;
}

export interface TimerTable {
  run_id: string;
  workspace_id: string;
  due_at: number;
  lease_until: number | null;
  attempts: number;
}

export type WorkflowRunRow = Selectable<WorkflowRunTable>;
export type TimerRow = Selectable<TimerTable>;

export interface EnrolmentRequestTable {
  id: string;
  workspace_id: string;
  workflow_id: string;
  contact_id: string;
  /** The trigger that fired and the event that fired it. */
  trigger: Json;
  due_at: number;
  lease_until: number | null;
  attempts: number;
}

export type EnrolmentRequestRow = Selectable<EnrolmentRequestTable>;

export interface RunWatchTable {
  run_id: string;
  /** `wait`: the wait-for step the run is at; `criteria`: the workflow's goal and exit rules. */
  kind: "wait" | "criteria";
  /** New each time the run starts watching, so that a wake-up for an older watch is recognised. */
  id: string;
  workspace_id: string;
  contact_id: string;
  /** `{ kind: "event", trigger }` or `{ kind: "change" }` (any change of the contact). */
  spec: Json;
}

export interface RunWakeupTable {
  id: string;
  run_id: string;
  workspace_id: string;
  /** The watch that matched: a wake-up for a watch since replaced or removed is stale. */
  watch_kind: RunWatchTable["kind"];
  watch_id: string;
  /** `{ kind: "event", event }` (the event a wait-for matched) or `{ kind: "change" }`. */
  reason: Json;
  due_at: number;
  lease_until: number | null;
  attempts: number;
}

export type RunWatchRow = Selectable<RunWatchTable>;
export type RunWakeupRow = Selectable<RunWakeupTable>;

/** How many owners a round-robin step has assigned: the next assignment takes the next turn. */
export interface RoundRobinCursorTable {
  workspace_id: string;
  workflow_id: string;
  node_id: string;
  turns: number;
  updated_at: number;
}

/** One per (workflow, trigger index) of an active version's `schedule` and `date.due` triggers. */
export interface TriggerScheduleTable {
  workflow_id: string;
  trigger_index: number;
  workspace_id: string;
  version: number;
  /** schedule | date.due */
  type: string;
  /** The trigger as the version defines it. */
  trigger: Json;
  /** When work is due: the next cron occurrence, or a date.due backfill; null when idle. */
  next_at: number | null;
  /** The occurrence being worked through (or the backfill's start); null between occurrences. */
  occurrence: number | null;
  /** The last contact id done in this occurrence. */
  cursor: string | null;
  attempts: number;
  /** The last failure: { name, message, at, occurrence }. */
  error: Json | null;
  updated_at: number;
}

/** One per (workflow, date.due trigger, contact): when the contact's date falls due. */
export interface ScheduledEnrolmentTable {
  workflow_id: string;
  trigger_index: number;
  contact_id: string;
  workspace_id: string;
  /** The property value (as stored) the instant was computed from. */
  value: string;
  /** Null once fired. */
  due_at: number | null;
}

export type TriggerScheduleRow = Selectable<TriggerScheduleTable>;
export type ScheduledEnrolmentRow = Selectable<ScheduledEnrolmentTable>;

/** One external effect of a run step (a webhook call, an email), sent by the dispatcher. */
export interface OutboxTable {
  id: string;
  workspace_id: string;
  /** run id, node id and visit number: the same step never queues its effect twice. */
  idempotency_key: string;
  run_id: string;
  node_id: string;
  kind: "webhook" | "email" | "sms" | "slack";
  /** The rendered request (DeliveryPayload, versioned). */
  payload: Json;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  due_at: number;
  lease_until: number | null;
  /** DeliveryError of the latest failed attempt. */
  last_error: Json | null;
  /** DeliveryResponse of the successful attempt. */
  response: Json | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
}

/** A rendered email kept by the local mailbox (no SMTP configured). */
export interface MailboxMessageTable {
  id: string;
  workspace_id: string;
  outbox_key: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Json;
  created_at: number;
}

export interface WebhookSecretTable {
  workspace_id: string;
  /** `whsec_` and the base64 key (Standard Webhooks). */
  secret: string;
  created_at: number;
}

export interface SigningKeyTable {
  /** What the key signs, e.g. `links` (tracked links, open pixels, unsubscribe links). */
  purpose: string;
  secret: string;
  created_at: number;
}

export interface TemplateTable {
  id: string;
  workspace_id: string;
  name: string;
  channel: string;
  /** The latest version. */
  version: number;
  created_at: number;
  updated_at: number;
}

export interface TemplateVersionTable {
  template_id: string;
  version: number;
  content: Json;
  compiled: Json;
  created_at: number;
}

export interface SenderIdentityTable {
  id: string;
  workspace_id: string;
  name: string;
  from_email: string;
  from_name: string | null;
  reply_to: string | null;
  is_default: number;
  created_at: number;
  updated_at: number;
}

export type SenderIdentityRow = Selectable<SenderIdentityTable>;

export interface InAppMessageTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  template_id: string | null;
  template_version: number | null;
  title: string;
  body: string;
  url: string | null;
  run_id: string | null;
  node_id: string | null;
  created_at: number;
  read_at: number | null;
}

export type InAppMessageRow = Selectable<InAppMessageTable>;
export type TemplateRow = Selectable<TemplateTable>;
export type TemplateVersionRow = Selectable<TemplateVersionTable>;

export type OutboxRow = Selectable<OutboxTable>;
export type MailboxMessageRow = Selectable<MailboxMessageTable>;

/** A dynamic segment: a rule over contacts, with its members kept current (src/segments). */
export interface SegmentTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  /** The Rule (src/schemas/rule.ts). */
  rule: Json;
  /** Bumped on every rule change: a recompute started for an older rule is discarded. */
  rule_version: number;
  status: "building" | "ready";
  member_count: number;
  /** When a full recompute is due; null when none is. */
  recompute_at: number | null;
  lease_until: number | null;
  attempts: number;
  error: Json | null;
  computed_at: number | null;
  created_at: number;
  updated_at: number;
  /** How often a rule with rolling windows is recomputed, ms; null for rules without. */
  refresh_interval_ms: number | null;
}

export interface SegmentHistoryTable {
  id: string;
  workspace_id: string;
  segment_id: string;
  contact_id: string;
  kind: "entered" | "exited";
  at: number;
}

export interface SegmentStagingTable {
  segment_id: string;
  contact_id: string;
}

export type SegmentHistoryRow = Selectable<SegmentHistoryTable>;

export interface SegmentMemberTable {
  segment_id: string;
  contact_id: string;
  workspace_id: string;
  entered_at: number;
}

/** A contact's points in one named score; the default score is contacts.score. */
export interface ContactScoreTable {
  contact_id: string;
  score: string;
  workspace_id: string;
  points: number;
  updated_at: number;
}

export type SegmentRow = Selectable<SegmentTable>;
export type SegmentMemberRow = Selectable<SegmentMemberTable>;
export type ContactScoreRow = Selectable<ContactScoreTable>;

export interface ScoreDefinitionTable {
  workspace_id: string;
  key: string;
  name: string;
  description: string | null;
  settings: Json;
  decay_at: number | null;
  decay_cursor: string | null;
  created_at: number;
  updated_at: number;
}

export interface ScoringRuleTable {
  id: string;
  workspace_id: string;
  score: string;
  name: string;
  kind: "event" | "property";
  definition: Json;
  created_at: number;
  updated_at: number;
}

export interface ScoreAwardTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  score: string;
  rule_id: string | null;
  points: number;
  event_id: string | null;
  awarded_at: number;
  expires_at: number | null;
  removed_at: number | null;
}

export type ScoreDefinitionRow = Selectable<ScoreDefinitionTable>;
export type ScoringRuleRow = Selectable<ScoringRuleTable>;
export type ScoreAwardRow = Selectable<ScoreAwardTable>;
/** One lifecycle stage change of a contact (migration 0010). */
export interface LifecycleChangeTable {
  /** The id of the `lifecycle.changed` event that recorded it. */
  id: string;
  workspace_id: string;
  contact_id: string;
  from_stage: string | null;
  to_stage: string | null;
  /** api | workflow | import | score | merge | simulation … */
  cause_kind: string;
  /** LifecycleCauseDetail as JSON, or null. */
  cause_detail: Json | null;
  changed_at: number;
}

export type LifecycleChangeRow = Selectable<LifecycleChangeTable>;

/** A subscription topic of a workspace (migration 0015): what a marketing message is about. */
export interface SubscriptionTopicTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  /** A contact's status until it chooses: `subscribed` makes an opt-out topic, `unsubscribed` an opt-in one. */
  default_status: "subscribed" | "unsubscribed";
  created_at: number;
  updated_at: number;
}

/** A contact's explicit choice for one topic; without a row the topic's default applies. */
export interface TopicSubscriptionTable {
  contact_id: string;
  topic_id: string;
  status: "subscribed" | "unsubscribed";
  changed_at: number;
  /** api | preference_page | one_click */
  source: string;
}

/** An address that gets no email (bounces, complaints, manual) or no marketing email (unsubscribe). */
export interface SuppressionTable {
  id: string;
  workspace_id: string;
  /** Trimmed and lower-cased. */
  email: string;
  reason: "hard_bounce" | "complaint" | "unsubscribe" | "manual";
  detail: Json | null;
  /** api | generic | postmark … */
  source: string;
  created_at: number;
}

/** The password a workspace's email provider sends with bounce and complaint notifications. */
export interface EmailWebhookSecretTable {
  workspace_id: string;
  secret: string;
  created_at: number;
}

export type SubscriptionTopicRow = Selectable<SubscriptionTopicTable>;
export type TopicSubscriptionRow = Selectable<TopicSubscriptionTable>;
export type SuppressionRow = Selectable<SuppressionTable>;

/** A one-time send of an email template to a list or a segment (migration 0020). */
export interface BroadcastTable {
  id: string;
  workspace_id: string;
  name: string;
  /** BroadcastDefinition (src/schemas/broadcast.ts). */
  definition: Json;
  status: "draft" | "scheduled" | "sending" | "testing" | "sent" | "cancelled";
  /** What the sender does or waits for next: snapshot | test | pick | main | resend | resending | done. */
  stage: string | null;
  /** When the sender must act on the broadcast itself; also the lease of the one acting. */
  next_at: number | null;
  /** The last audience contact id copied while the snapshot is in progress. */
  cursor: string | null;
  recipient_count: Generated<number>;
  /** Template id → version, fixed when sending starts. */
  template_versions: Json | null;
  winner: string | null;
  /** The earliest instant the next throttled message may be claimed. */
  throttle_at: number | null;
  scheduled_at: number | null;
  test_ends_at: number | null;
  started_at: number | null;
  sent_at: number | null;
  resend_at: number | null;
  cancelled_at: number | null;
  attempts: Generated<number>;
  error: Json | null;
  created_at: number;
  updated_at: number;
}

/** One contact of a broadcast in one phase: unique, so a phase never sends twice to a contact. */
export interface BroadcastRecipientTable {
  broadcast_id: string;
  contact_id: string;
  /** test | winner | main | resend */
  phase: string;
  workspace_id: string;
  variant: string | null;
  status: "queued" | "sent" | "failed" | "skipped";
  reason: string | null;
  /** Null while waiting for the A/B winner; a claim moves it to the end of its lease. */
  due_at: number | null;
  attempts: Generated<number>;
  message_id: string | null;
  sent_at: number | null;
  error: Json | null;
}

export type BroadcastRow = Selectable<BroadcastTable>;
export type BroadcastRecipientRow = Selectable<BroadcastRecipientTable>;

/** A form: fields mapped to contact properties, consent, double opt-in (migration 0022). */
export interface FormTable {
  id: string;
  workspace_id: string;
  name: string;
  /** FormDefinition (src/schemas/form.ts). */
  definition: Json;
  created_at: number;
  updated_at: number;
}

/** One submission of a form; a double opt-in one has no contact until it is confirmed. */
export interface FormSubmissionTable {
  id: string;
  workspace_id: string;
  form_id: string;
  contact_id: string | null;
  status: "accepted" | "pending_confirmation" | "confirmed";
  email: string;
  /** The values by field name. */
  fields: Json;
  /** The contact properties it sets. */
  properties: Json;
  consent_topic_id: string | null;
  ip_hash: string | null;
  user_agent: string | null;
  created_at: number;
  confirmed_at: number | null;
}

export type FormRow = Selectable<FormTable>;

/** An origin (`https://www.example.com`, or `*`) whose pages may send the workspace events from a browser. */
export interface SiteTrackingOriginTable {
  workspace_id: string;
  origin: string;
  created_at: number;
}
export type FormSubmissionRow = Selectable<FormSubmissionTable>;

/** Where contact events are sent, signed with the subscription's own secret. */
export interface WebhookSubscriptionTable {
  id: string;
  workspace_id: string;
  url: string;
  description: string | null;
  /** The event names it receives (JSON array). */
  event_types: Json;
  /** Null while enabled. */
  disabled_at: number | null;
  secret: string;
  created_at: number;
  updated_at: number;
}

/** One event for one subscription: queued with the event, sent and retried by the webhook dispatcher. */
export interface WebhookDeliveryTable {
  id: string;
  workspace_id: string;
  subscription_id: string;
  /** Null for a test event. */
  event_id: string | null;
  event_type: string;
  body: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  due_at: number;
  lease_until: number | null;
  response_status: number | null;
  /** DeliveryResponse of the last answer. */
  response: Json | null;
  /** DeliveryError of the latest failed attempt. */
  last_error: Json | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
}

export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
