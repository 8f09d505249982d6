import { z } from "zod";
import { ValidationError } from "../../core/index.js";
import { applyContactInput, contactToApi, listContacts, readContactOut, withContactSession } from "../../contacts/index.js";
import { Contact, ContactCreate, ContactListQuery, ContactUpdate } from "../../schemas/contact.js";
import type { App, RouteContext } from "../app.js";
import { decodeCursor, pageOf, toPage } from "../pagination.js";

const tags = ["contacts"];
const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });

export function contactRoutes(app: App, { deps }: RouteContext): void {
  app.post(
    "/contacts",
    { schema: { tags, security, summary: "Create a contact", body: ContactCreate, response: { 201: Contact } } },
    async (req, reply) => {
      const out = await withContactSession(deps, req.principal.workspaceId, async (s) => {
        const contact = s.create({});
        await applyContactInput(s, contact, req.body);
        return contactToApi(contact, await s.tagsOf(contact));
      });
      return reply.status(201).send(out);
    },
  );

  app.get(
    "/contacts",
    { schema: { tags, security, summary: "List contacts, filtered, in creation order", querystring: ContactListQuery, response: { 200: pageOf(Contact) } } },
    async (req) => {
      const { limit, cursor, createdAfter, createdBefore, ...filter } = req.query;
      const after = decodeCursor(cursor, 1)?.[0];
      if (after !== undefined && typeof after !== "string") throw ValidationError.field("query.cursor", "is not a cursor this API returned");
      const rows = await listContacts(
        deps,
        req.principal.workspaceId,
        {
          ...filter,
          ...(createdAfter ? { createdAfter: Date.parse(createdAfter) } : {}),
          ...(createdBefore ? { createdBefore: Date.parse(createdBefore) } : {}),
        },
        { limit: limit + 1, ...(after ? { afterId: after } : {}) },
      );
      return toPage(rows, limit, (last) => [last.id]);
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
}
