import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { NotFoundError, UnauthorizedError } from "../../core/index.js";
import { changeOwnPassword, checkCredentials, endSession, resumeSession, setupFirstAdmin, setupNeeded, startSession, userToApi, type LiveSession } from "../../users/index.js";
import { selectWorkspace, type UserRow } from "../../store/index.js";
import { LoginIn, Me, PasswordChange, SessionStatus, SetupIn, SetupStatus } from "../../schemas/sign-in.js";
import type { Deps } from "../../deps.js";
import type { App, RouteContext } from "../app.js";
import { assertNotCrossSite, sessionTokenFrom } from "../auth.js";
import { sessionCookie } from "../cookies.js";
import { LoginThrottle } from "../login-throttle.js";
import { TooManyRequestsError } from "../rate-limit.js";

const tags = ["sign-in"];
const security = [{ sessionCookie: [] }];

/**
 * Sign-in for the web UI (prefix /api/v1/auth, no API key): the first admin's setup, sign-in
 * and out with a session cookie, who is signed in, and changing one's own password.
 */
export function authRoutes(app: App, { deps }: RouteContext): void {
  const throttle = new LoginThrottle();
  const secure = deps.config.baseUrl.startsWith("https:");
  app.addHook("onRequest", async (req) => assertNotCrossSite(req));

  app.get(
    "/setup",
    { schema: { tags, summary: "Whether the install waits for its first admin (no user has a password yet)", response: { 200: SetupStatus } } },
    async () => ({ needed: await setupNeeded(deps) }),
  );

  app.get(
    "/session",
    {
      schema: {
        tags,
        summary: "Who is signed in (null when nobody is) and whether the install waits for its first admin: what the web UI asks first, never a 401",
        response: { 200: SessionStatus },
      },
    },
    async (req) => {
      const token = sessionTokenFrom(req);
      const session = token ? await resumeSession(deps, token) : undefined;
      return { me: session ? await meOf(deps, session) : null, setupNeeded: await setupNeeded(deps) };
    },
  );

  app.post(
    "/setup",
    {
      schema: {
        tags,
        summary: "Create the first admin and sign in; refused (409) once any user has a password",
        body: SetupIn,
        response: { 201: Me },
      },
    },
    async (req, reply) => {
      const { user } = await setupFirstAdmin(deps, req.body);
      return reply.status(201).send(await signIn(deps, reply, user, secure));
    },
  );

  app.post(
    "/login",
    {
      schema: {
        tags,
        summary: "Sign in with email and password: sets the pc_session cookie (HttpOnly, SameSite=Lax). Repeated failures from one address answer 429",
        body: LoginIn,
        response: { 200: Me },
      },
    },
    async (req, reply) => {
      const now = deps.clock.now();
      const waitMs = throttle.retryAfter(req.ip, req.body.email, now);
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        reply.header("retry-after", String(seconds));
        throw new TooManyRequestsError(`too many failed sign-ins; try again in ${seconds} s`, seconds);
      }
      let user: UserRow;
      try {
        user = await checkCredentials(deps, req.body);
      } catch (err) {
        if (err instanceof UnauthorizedError) throttle.fail(req.ip, req.body.email, now);
        throw err;
      }
      throttle.succeed(req.ip, req.body.email);
      return signIn(deps, reply, user, secure);
    },
  );

  app.post(
    "/logout",
    { schema: { tags, security, summary: "End this session and remove its cookie", response: { 204: z.null() } } },
    async (req, reply) => {
      const token = sessionTokenFrom(req);
      if (token) await endSession(deps, token);
      reply.header("set-cookie", sessionCookie("", { maxAgeSeconds: 0, secure }));
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/me",
    { schema: { tags, security, summary: "The signed-in user, its role and workspace; 401 without a live session", response: { 200: Me } } },
    async (req) => meOf(deps, await liveSession(deps, req)),
  );

  app.post(
    "/password",
    {
      schema: {
        tags,
        security,
        summary: "Change your own password, giving the current one; your other sessions end",
        body: PasswordChange,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await changeOwnPassword(deps, await liveSession(deps, req), req.body);
      return reply.status(204).send(null);
    },
  );
}

async function liveSession(deps: Deps, req: FastifyRequest): Promise<LiveSession> {
  const token = sessionTokenFrom(req);
  const session = token ? await resumeSession(deps, token) : undefined;
  if (!session) throw new UnauthorizedError(token ? "your session has ended: sign in again" : "not signed in");
  return session;
}

async function signIn(deps: Deps, reply: FastifyReply, user: UserRow, secure: boolean): Promise<Me> {
  const started = await startSession(deps, user);
  const maxAgeSeconds = (started.absoluteExpiresAt - deps.clock.now()) / 1000;
  reply.header("set-cookie", sessionCookie(started.token, { maxAgeSeconds, secure }));
  return meOf(deps, { id: "", user, workspaceId: user.workspace_id, expiresAt: started.expiresAt });
}

async function meOf(deps: Deps, session: LiveSession): Promise<Me> {
  const ws = await selectWorkspace(deps.db, session.workspaceId);
  if (!ws) throw new NotFoundError(`no workspace ${session.workspaceId}`);
  return {
    user: userToApi(session.user),
    workspace: { id: ws.id, name: ws.name },
    session: { expiresAt: new Date(session.expiresAt).toISOString() },
  };
}
