import { z } from "zod";
import { NotFoundError } from "../../core/index.js";
import { MailboxMessage, MailboxSummary, type MailboxMessageOut } from "../../schemas/delivery-api.js";
import { fromJson, selectMailboxMessage, selectMailboxPage, type MailboxMessageRow } from "../../store/index.js";
import type { App, RouteContext } from "../app.js";
import { PageQuery, idPage, pageOf, toPage } from "../pagination.js";

const security = [{ secretKey: [] }];

/** The local mailbox: emails kept instead of sent while no SMTP_URL is configured. */
export function mailboxRoutes(app: App, { deps }: RouteContext): void {
  app.get(
    "/mailbox",
    { schema: { tags: ["mailbox"], security, summary: "Emails the local mailbox kept, newest first", querystring: PageQuery, response: { 200: pageOf(MailboxSummary) } } },
    async (req) => {
      const { afterId, limit } = idPage(req.query);
      const rows = await selectMailboxPage(deps.db, req.principal.workspaceId, { limit, ...(afterId === undefined ? {} : { beforeId: afterId }) });
      const page = toPage(rows, req.query.limit, (last) => [last.id]);
      return { data: page.data.map((r) => summary(messageToApi(r))), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/mailbox/:id",
    { schema: { tags: ["mailbox"], security, summary: "One kept email with its text, HTML and headers", params: z.object({ id: z.string() }), response: { 200: MailboxMessage } } },
    async (req) => {
      const row = await selectMailboxMessage(deps.db, req.principal.workspaceId, req.params.id);
      if (!row) throw new NotFoundError(`no mailbox message ${JSON.stringify(req.params.id)}`);
      return messageToApi(row);
    },
  );
}

function messageToApi(r: MailboxMessageRow): MailboxMessageOut {
  return {
    id: r.id,
    from: r.from,
    to: r.to,
    subject: r.subject,
    text: r.text,
    html: r.html,
    headers: fromJson<Record<string, string>>(r.headers),
    outboxKey: r.outbox_key,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

function summary({ text: _t, html: _h, headers: _hd, ...rest }: MailboxMessageOut) {
  return rest;
}
