import { z } from "zod";
import { createUser, deleteUser, listUsers, readUser, setUserPassword, updateUser } from "../../users/index.js";
import { PasswordSet, User, UserCreate, UserUpdate } from "../../schemas/user.js";
import type { App, RouteContext } from "../app.js";
import { idPage, pageOf, PageQuery, toPage } from "../pagination.js";

const tags = ["users"];
const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });

/**
 * Workspace users: the people who can own contacts (sales reps) and sign in to the app. Signed-in
 * users need the admin role to change users (src/api/roles.ts).
 */
export function userRoutes(app: App, { deps }: RouteContext): void {
  app.post(
    "/users",
    { schema: { tags, security, summary: "Create a user, with an initial password if they are to sign in", body: UserCreate, response: { 201: User } } },
    async (req, reply) => reply.status(201).send(await createUser(deps, req.principal.workspaceId, req.body)),
  );

  app.get(
    "/users",
    { schema: { tags, security, summary: "List users in creation order", querystring: PageQuery.strict(), response: { 200: pageOf(User) } } },
    async (req) => {
      const rows = await listUsers(deps, req.principal.workspaceId, idPage(req.query));
      return toPage(rows, req.query.limit, (last) => [last.id]);
    },
  );

  app.get(
    "/users/:id",
    { schema: { tags, security, summary: "Read a user", params: IdParams, response: { 200: User } } },
    async (req) => readUser(deps, req.principal.workspaceId, req.params.id),
  );

  app.patch(
    "/users/:id",
    { schema: { tags, security, summary: "Update a user's email, name or role", params: IdParams, body: UserUpdate, response: { 200: User } } },
    async (req) => updateUser(deps, req.principal.workspaceId, req.params.id, req.body),
  );

  app.post(
    "/users/:id/password",
    {
      schema: {
        tags,
        security,
        summary: "Set a user's password (10 to 200 characters); the user's sessions end",
        params: IdParams,
        body: PasswordSet,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await setUserPassword(deps, req.principal.workspaceId, req.params.id, req.body.password);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    "/users/:id",
    {
      schema: {
        tags,
        security,
        summary: "Delete a user; the contacts it owned lose their owner, each logging owner.changed",
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteUser(deps, req.principal.workspaceId, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
