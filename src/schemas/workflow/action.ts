import { z } from "zod";
import { Scalar } from "../rule.js";
import { WhenThrottled } from "../sending-policy.js";

const action = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) => z.strictObject({ kind: z.literal(kind), ...shape });

/** Who becomes the owner: one user, or the next of a team in turn (round-robin). */
export const OwnerChoice = z.union([
  z.strictObject({ userId: z.string().min(1) }),
  z.strictObject({ roundRobin: z.array(z.string().min(1)).min(1).max(200) }),
]);

/** Maps a value of a webhook's JSON response (a JSON Pointer, RFC 6901) into a contact property. */
export const ResponseMapping = z.strictObject({ pointer: z.string().regex(/^(\/[^/]*)*$/, "a JSON Pointer such as /data/id"), property: z.string().min(1).max(100) });

/**
 * What an action step does. Each kind has one module in src/actions and one entry in the action
 * registry; channels (email, SMS, Slack…) add kinds of their own.
 */
export const Action = z.discriminatedUnion("kind", [
  action("set_property", { property: z.string().min(1).max(100), value: Scalar.nullable() }),
  action("add_tag", { tag: z.string().min(1).max(100) }),
  action("remove_tag", { tag: z.string().min(1).max(100) }),
  action("add_to_list", { listId: z.string().min(1) }),
  action("remove_from_list", { listId: z.string().min(1) }),
  action("set_lifecycle_stage", {
    stage: z.string().min(1),
    /** Only move the contact forward in the funnel: a contact already at a later stage stays there. */
    forwardOnly: z.boolean().optional(),
  }),
  action("change_score", { delta: z.number().finite() }),
  action("assign_owner", { owner: OwnerChoice }),
  action("send_email", {
    templateId: z.string().min(1),
    /** Marketing email respects unsubscribes; transactional (receipts, password resets) does not. */
    category: z.enum(["marketing", "transactional"]).default("marketing"),
    /** The sender identity to send as; the workspace's default one otherwise. */
    senderId: z.string().min(1).optional(),
    /** The subscription topic the email belongs to: contacts unsubscribed from it are skipped. */
    topicId: z.string().min(1).optional(),
    /** When the workspace's sending policy holds a marketing email back (frequency cap, quiet hours): defer it (the default), skip it, or send anyway. */
    whenThrottled: WhenThrottled.optional(),
  }),
  action("send_sms", {
    templateId: z.string().min(1),
    /** The contact property holding the phone number (E.164, such as +33612345678). */
    phoneProperty: z.string().min(1).max(100).default("phone"),
    category: z.enum(["marketing", "transactional"]).default("marketing"),
    /** As for send_email: defer (the default), skip, or send a marketing SMS the sending policy holds back. */
    whenThrottled: WhenThrottled.optional(),
  }),
  action("send_in_app", { templateId: z.string().min(1) }),
  action("send_slack", {
    url: z.url({ protocol: /^https?$/ }).describe("A Slack incoming-webhook URL"),
    /** Liquid merge fields, as in emails: "New MQL: {{ contact.email }}". */
    text: z.string().min(1).max(4000),
  }),
  action("notify_user", {
    /** The user to email; or leave it out and say `"to": "owner"`. */
    userId: z.string().min(1).optional(),
    /** `"owner"`: whoever owns the contact when the step runs (a contact without one notifies nobody). */
    to: z.literal("owner").optional(),
    subject: z.string().min(1).max(300),
    body: z.string().min(1).max(20_000),
  }).refine((a) => (a.userId === undefined) !== (a.to === undefined), { message: 'say whom to notify: either "userId" or "to": "owner"', path: ["userId"] }),
  action("webhook", {
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).optional(),
    /** Sent as JSON; string values may use Liquid merge fields such as {{ contact.email }}. */
    body: z.record(z.string(), z.unknown()).optional(),
    responseMapping: z.array(ResponseMapping).max(50).optional(),
  }),
  action("enrol_workflow", { workflowId: z.string().min(1) }),
  action("remove_from_workflow", { workflowId: z.string().min(1) }),
]);
export type Action = z.infer<typeof Action>;
export type ActionKind = Action["kind"];
