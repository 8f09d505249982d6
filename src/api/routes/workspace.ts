import { z } from "zod";
import { NotFoundError } from "../../core/index.js";
import { replaceLifecycleStages } from "../../contacts/index.js";
import { putSendingPolicy, readSendingPolicy } from "../../consent/index.js";
import { selectWorkspace, type Workspace } from "../../store/index.js";
import { createApiKey, listApiKeys, revokeKey, rotateWebhookSecret, webhookSecretOf } from "../../workspaces/index.js";
import { LIFECYCLE_PRESETS } from "../../schemas/lifecycle.js";
import { WebhookSecret } from "../../schemas/delivery-api.js";
import { SendingPolicy } from "../../schemas/sending-policy.js";
import { ApiKey, ApiKeyCreate, ApiKeyCreated, LifecycleStagesPut, WorkspaceOut, type ApiKeyOut } from "../../schemas/workspace-api.js";
import type { App, RouteContext } from "../app.js";

const security = [{ secretKey: [] }];

/** The calling key's workspace: its settings (lifecycle stages, sending policy) and its API keys. */
export function workspaceRoutes(app: App, { deps }: RouteContext): void {
  app.get(
    "/workspace",
    { schema: { tags: ["workspace"], security, summary: "The workspace of the calling key, with its settings", response: { 200: WorkspaceOut } } },
    async (req) => {
      const ws = await selectWorkspace(deps.db, req.principal.workspaceId);
      if (!ws) throw new NotFoundError(`no workspace ${req.principal.workspaceId}`);
      return workspaceToApi(ws);
    },
  );

  app.put(
    "/workspace/lifecycle-stages",
    {
      schema: {
        tags: ["workspace"],
        security,
        summary: "Replace the ordered lifecycle stages, with a list or a preset; a stage still held by contacts cannot be removed (409)",
        body: LifecycleStagesPut,
        response: { 200: WorkspaceOut },
      },
    },
    async (req) => {
      const stages = req.body.preset ? LIFECYCLE_PRESETS[req.body.preset].stages : req.body.lifecycleStages!;
      return workspaceToApi(await replaceLifecycleStages(deps, req.principal.workspaceId, stages));
    },
  );

  app.get(
    "/workspace/sending-policy",
    {
      schema: {
        tags: ["workspace"],
        security,
        summary: "The sending policy: frequency cap per contact and channel, and quiet hours, for marketing messages",
        response: { 200: SendingPolicy },
      },
    },
    async (req) => readSendingPolicy(deps, req.principal.workspaceId),
  );

  app.put(
    "/workspace/sending-policy",
    {
      schema: {
        tags: ["workspace"],
        security,
        summary: "Replace the sending policy; message steps that run from now on follow it ({} holds nothing back)",
        body: SendingPolicy,
        response: { 200: SendingPolicy },
      },
    },
    async (req) => putSendingPolicy(deps, req.principal.workspaceId, req.body),
  );

  app.get(
    "/workspace/webhook-secret",
    {
      schema: {
        tags: ["workspace"],
        security,
        summary: "The secret webhooks are signed with (Standard Webhooks, whsec_…); created on first use",
        response: { 200: WebhookSecret },
      },
    },
    async (req) => secretToApi(await webhookSecretOf(deps, req.principal.workspaceId)),
  );

  app.post(
    "/workspace/webhook-secret/rotate",
    { schema: { tags: ["workspace"], security, summary: "Replace the webhook signing secret; webhooks sent from now on are signed with the new one", response: { 200: WebhookSecret } } },
    async (req) => secretToApi(await rotateWebhookSecret(deps, req.principal.workspaceId)),
  );

  app.get(
    "/keys",
    { schema: { tags: ["keys"], security, summary: "The workspace's API keys (never the keys themselves)", response: { 200: z.object({ data: z.array(ApiKey) }) } } },
    async (req) => ({ data: (await listApiKeys(deps, req.principal.workspaceId)).map(keyToApi) }),
  );

  app.post(
    "/keys",
    { schema: { tags: ["keys"], security, summary: "Create an API key; the response is the only time the key is shown", body: ApiKeyCreate, response: { 201: ApiKeyCreated } } },
    async (req, reply) => {
      const workspaceId = req.principal.workspaceId;
      const { id, key } = await createApiKey(deps, workspaceId, req.body.kind, req.body.name);
      const row = (await listApiKeys(deps, workspaceId)).find((k) => k.id === id)!;
      return reply.status(201).send({ ...keyToApi(row), key });
    },
  );

  app.delete(
    "/keys/:id",
    {
      schema: { tags: ["keys"], security, summary: "Revoke a key: it is refused from then on", params: z.object({ id: z.string() }), response: { 204: z.null() } },
    },
    async (req, reply) => {
      if (!(await revokeKey(deps, req.principal.workspaceId, req.params.id))) throw new NotFoundError(`no live API key ${JSON.stringify(req.params.id)}`);
      return reply.status(204).send(null);
    },
  );
}

function workspaceToApi(ws: Workspace): z.infer<typeof WorkspaceOut> {
  return { id: ws.id, name: ws.name, settings: ws.settings, createdAt: new Date(ws.createdAt).toISOString() };
}

function secretToApi(s: { secret: string; createdAt: number }): z.infer<typeof WebhookSecret> {
  return { secret: s.secret, createdAt: new Date(s.createdAt).toISOString() };
}

function keyToApi(k: { id: string; kind: "write" | "secret"; prefix: string; name: string | null; created_at: number; revoked_at: number | null }): ApiKeyOut {
  return {
    id: k.id,
    kind: k.kind,
    prefix: k.prefix,
    name: k.name,
    createdAt: new Date(k.created_at).toISOString(),
    revokedAt: k.revoked_at === null ? null : new Date(k.revoked_at).toISOString(),
  };
}
