import { z } from "zod";
import { listContacts } from "../../contacts/index.js";
import { addListMembers, createList, deleteList, getListRow, listLists, listsOfContact, readList, removeListMember, updateList } from "../../lists/index.js";
import { Contact } from "../../schemas/contact.js";
import { List, ListCreate, ListMembersAdd, ListMembersAdded, ListUpdate } from "../../schemas/list.js";
import type { App, RouteContext } from "../app.js";
import { idPage, pageOf, PageQuery, toPage } from "../pagination.js";

const tags = ["lists"];
const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });
const Query = PageQuery.strict();

/** Static lists and their members. */
export function listRoutes(app: App, { deps }: RouteContext): void {
  app.post(
    "/lists",
    { schema: { tags, security, summary: "Create a static list", body: ListCreate, response: { 201: List } } },
    async (req, reply) => reply.status(201).send(await createList(deps, req.principal.workspaceId, req.body)),
  );

  app.get(
    "/lists",
    { schema: { tags, security, summary: "List static lists in creation order", querystring: Query, response: { 200: pageOf(List) } } },
    async (req) => {
      const rows = await listLists(deps, req.principal.workspaceId, idPage(req.query));
      return toPage(rows, req.query.limit, (last) => [last.id]);
    },
  );

  app.get(
    "/lists/:id",
    { schema: { tags, security, summary: "Read a list", params: IdParams, response: { 200: List } } },
    async (req) => readList(deps, req.principal.workspaceId, req.params.id),
  );

  app.patch(
    "/lists/:id",
    { schema: { tags, security, summary: "Rename a list or change its description", params: IdParams, body: ListUpdate, response: { 200: List } } },
    async (req) => updateList(deps, req.principal.workspaceId, req.params.id, req.body),
  );

  app.delete(
    "/lists/:id",
    { schema: { tags, security, summary: "Delete a list; each member logs list.left", params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteList(deps, req.principal.workspaceId, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/lists/:id/members",
    { schema: { tags, security, summary: "The list's members, in contact creation order", params: IdParams, querystring: Query, response: { 200: pageOf(Contact) } } },
    async (req) => {
      const workspaceId = req.principal.workspaceId;
      await getListRow(deps, workspaceId, req.params.id);
      const rows = await listContacts(deps, workspaceId, { listId: req.params.id }, idPage(req.query));
      return toPage(rows, req.query.limit, (last) => [last.id]);
    },
  );

  app.post(
    "/lists/:id/members",
    {
      schema: {
        tags,
        security,
        summary: "Add up to 1000 contacts to a list, all or none: an unknown contact id rejects the whole call",
        params: IdParams,
        body: ListMembersAdd,
        response: { 200: ListMembersAdded },
      },
    },
    async (req) => addListMembers(deps, req.principal.workspaceId, req.params.id, req.body.contactIds),
  );

  app.delete(
    "/lists/:id/members/:contactId",
    {
      schema: {
        tags,
        security,
        summary: "Take a contact out of a list (logs list.left if it was in it)",
        params: z.object({ id: z.string(), contactId: z.string() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await removeListMember(deps, req.principal.workspaceId, req.params.id, req.params.contactId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/contacts/:id/lists",
    { schema: { tags, security, summary: "The lists a contact belongs to, by name", params: IdParams, response: { 200: z.object({ data: z.array(List) }) } } },
    async (req) => ({ data: await listsOfContact(deps, req.principal.workspaceId, req.params.id) }),
  );
}
