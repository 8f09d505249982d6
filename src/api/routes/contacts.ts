import { z } from "zod";
import {
  applyContactInput,
  contactToApi,
  eventToApi,
  exportContact,
  listContactsInOrder,
  readContactOut,
  readTimeline,
  timelinePosition,
  withContactSession,
} from "../../contacts/index.js";
import { readContactWorkflows } from "../../engine/index.js";
import { selectTagCounts } from "../../store/index.js";
import { Contact, ContactCreate, ContactListQuery, ContactUpdate } from "../../schemas/contact.js";
import { TagCounts, TagsAdd } from "../../schemas/tag.js";
import { ContactExport, TimelineEvent, TimelineQuery } from "../../schemas/timeline.js";
import { ContactWorkflowDecision } from "../../schemas/workflow-api.js";
import type { App, RouteContext } from "../app.js";
import { decodeCursor, PageQuery, pageOf, toPage } from "../pagination.js";

const tags = ["contacts"];
const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });

export function contactRoutes(app: App, { deps }: RouteContext): void {
  app.post(
    "/contacts",
    { schema: { tags, security, summary: "Create a contact", body: ContactCreate, response: { 201: Contact } } },
    async (req, reply) => {
      const out = await withContactSession(deps, req.principal.workspaceId, async (s) => {
        const contact = s.create({}, { channel: "api" });
        await applyContactInput(s, contact, req.body);
        return contactToApi(contact, await s.tagsOf(contact));
      });
      return reply.status(201).send(out);
    },
  );

  app.get(
    "/contacts",
    {
      schema: {
        tags,
        security,
        summary: "List contacts, filtered, in creation order or sorted by a column (`sort`, `order`)",
        querystring: ContactListQuery,
        response: { 200: pageOf(Contact) },
      },
    },
    async (req) => {
      const { limit, cursor, sort, order, createdAfter, createdBefore, ...filter } = req.query;
      const placed = await listContactsInOrder(
        deps,
        req.principal.workspaceId,
        {
          ...filter,
          ...(createdAfter ? { createdAfter: Date.parse(createdAfter) } : {}),
          ...(createdBefore ? { createdBefore: Date.parse(createdBefore) } : {}),
        },
        { sort, order, limit: limit + 1, ...(cursor === undefined ? {} : { after: decodeCursor(cursor, 4) }) },
      );
      const page = toPage(placed, limit, (last) => last.position);
      return { data: page.data.map((p) => p.contact), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/contacts/lookup",
    {
      schema: {
        tags,
        security,
        summary: "Find one contact by email, external id or anonymous id",
        querystring: z
          .strictObject({ email: z.string().optional(), externalId: z.string().optional(), anonymousId: z.string().optional() })
          .refine((q) => Object.values(q).filter((v) => v !== undefined).length === 1, "give exactly one of email, externalId, anonymousId"),
        response: { 200: Contact },
      },
    },
    async (req) => {
      const { email, externalId, anonymousId } = req.query;
      const key = email !== undefined ? { email } : externalId !== undefined ? { externalId } : { anonymousId: anonymousId! };
      return readContactOut(deps, req.principal.workspaceId, key);
    },
  );

  app.get(
    "/contacts/:id",
    { schema: { tags, security, summary: "Read a contact", params: IdParams, response: { 200: Contact } } },
    async (req) => readContactOut(deps, req.principal.workspaceId, { id: req.params.id }),
  );

  app.patch(
    "/contacts/:id",
    { schema: { tags, security, summary: "Update a contact; `null` clears a field or property", params: IdParams, body: ContactUpdate, response: { 200: Contact } } },
    async (req) =>
      withContactSession(deps, req.principal.workspaceId, async (s) => {
        const contact = await s.get({ id: req.params.id });
        await applyContactInput(s, contact, req.body);
        return contactToApi(contact, await s.tagsOf(contact));
      }),
  );

  app.delete(
    "/contacts/:id",
    {
      schema: {
        tags,
        security,
        summary: "Erase a contact (GDPR): the contact, its events, identities, tags and list memberships",
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await withContactSession(deps, req.principal.workspaceId, async (s) => s.remove(await s.get({ id: req.params.id })));
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/contacts/:id/tags",
    { schema: { tags, security, summary: "Tag a contact (tags it already has are left as they are)", params: IdParams, body: TagsAdd, response: { 200: Contact } } },
    async (req) =>
      withContactSession(deps, req.principal.workspaceId, async (s) => {
        const contact = await s.get({ id: req.params.id });
        await s.addTags(contact, req.body.tags);
        return contactToApi(contact, await s.tagsOf(contact));
      }),
  );

  app.delete(
    "/contacts/:id/tags/:tag",
    {
      schema: {
        tags,
        security,
        summary: "Remove a tag from a contact (no change if it does not have it)",
        params: z.object({ id: z.string(), tag: z.string() }),
        response: { 200: Contact },
      },
    },
    async (req) =>
      withContactSession(deps, req.principal.workspaceId, async (s) => {
        const contact = await s.get({ id: req.params.id });
        await s.removeTags(contact, [req.params.tag]);
        return contactToApi(contact, await s.tagsOf(contact));
      }),
  );

  app.get(
    "/tags",
    { schema: { tags, security, summary: "Tags in use, with the number of contacts carrying each", response: { 200: TagCounts } } },
    async (req) => ({ data: await selectTagCounts(deps.db, req.principal.workspaceId) }),
  );

  app.get(
    "/contacts/:id/timeline",
    {
      schema: {
        tags,
        security,
        summary: "Everything that happened to a contact (events and changes), newest first",
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: pageOf(TimelineEvent) },
      },
    },
    async (req) => {
      const { limit, cursor, kind, name } = req.query;
      const before = timelinePosition(decodeCursor(cursor, 2));
      const filter = { ...(kind === undefined ? {} : { kind }), ...(name === undefined ? {} : { name }) };
      const rows = await readTimeline(deps, req.principal.workspaceId, req.params.id, filter, { limit: limit + 1, ...(before ? { before } : {}) });
      const page = toPage(rows, limit, (last) => [last.timestamp, last.id]);
      return { data: page.data.map(eventToApi), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/contacts/:id/export",
    { schema: { tags, security, summary: "Everything stored about a contact, as JSON (GDPR access request)", params: IdParams, response: { 200: ContactExport } } },
    async (req) => exportContact(deps, req.principal.workspaceId, req.params.id),
  );

  app.get(
    "/contacts/:id/workflows",
    {
      schema: {
        tags,
        security,
        summary: "Why the contact is or is not in each workflow: every enrolment (with its run now) and every refusal with its reason, newest first",
        params: IdParams,
        querystring: PageQuery.strict(),
        response: { 200: pageOf(ContactWorkflowDecision) },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      const before = timelinePosition(decodeCursor(cursor, 2));
      const rows = await readContactWorkflows(deps, req.principal.workspaceId, req.params.id, { limit: limit + 1, ...(before ? { before } : {}) });
      return toPage(rows, limit, (last) => [Date.parse(last.at), last.eventId]);
    },
  );
}
