import { z } from "zod";
import { IsoTime } from "./contact.js";
import { TimeZone } from "./time-zone.js";

export const MessageActivityQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(90).default(30).describe("How many days, ending with today (default 30)"),
  timeZone: TimeZone.default("UTC").describe("The IANA time zone whose midnights split the days (default UTC)"),
});
export type MessageActivityQuery = z.infer<typeof MessageActivityQuery>;

const count = z.number().int().min(0);

/** What happened to emails in one period: sent, and how many distinct messages were opened and clicked. */
export const MessageCounts = z.object({
  sent: count.describe("Emails handed to the SMTP server or the local mailbox (email.sent)"),
  opened: count.describe("Messages opened (email.opened), each counted once a day however often its pixel loaded"),
  clicked: count.describe("Messages with a tracked link followed (email.clicked), each counted once a day"),
});
export type MessageCounts = z.infer<typeof MessageCounts>;

export const MessageActivityDay = MessageCounts.extend({
  date: z.string().describe("The day, YYYY-MM-DD in the report's time zone"),
  from: IsoTime.describe("Its first instant"),
  to: IsoTime.describe("The next day's first instant"),
});

export const MessageActivity = z.object({
  timeZone: z.string(),
  from: IsoTime,
  to: IsoTime,
  days: z.array(MessageActivityDay).describe("Oldest first, one per day, today last (so far)"),
  totals: MessageCounts.describe("Sums over the days"),
});
export type MessageActivityOut = z.infer<typeof MessageActivity>;

/** An active workflow with its runs (all versions) per status. */
export const ActiveWorkflow = z.object({
  id: z.string(),
  name: z.string(),
  currentVersion: z.number().int().nullable(),
  runs: z.object({
    total: count,
    inProgress: count.describe("Running or waiting now"),
    completed: count,
    converted: count.describe("Reached the goal"),
    exited: count,
    failed: count,
  }),
});
export type ActiveWorkflowOut = z.infer<typeof ActiveWorkflow>;

export const ActiveWorkflows = z.object({ data: z.array(ActiveWorkflow).describe("In creation order") });
export type ActiveWorkflowsOut = z.infer<typeof ActiveWorkflows>;
