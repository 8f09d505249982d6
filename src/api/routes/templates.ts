import { z } from "zod";
import { RenderedMessage, TemplateChannel, TemplateCreate, TemplateOut, TemplatePreviewIn, TemplateTestSendIn, TemplateUpdate, TemplateVersionOut } from "../../schemas/template.js";
import { MergeField, TemplateDraftPreviewIn, TemplateDraftPreviewOut } from "../../schemas/merge-field.js";
import {
  createTemplate,
  deleteTemplate,
  listTemplates,
  mergeFieldCatalogue,
  previewDraft,
  previewTemplate,
  readTemplate,
  readTemplateVersion,
  templateVersions,
  testSend,
  updateTemplate,
} from "../../templates/index.js";
import type { App, RouteContext } from "../app.js";
import { idPage, pageOf, PageQuery, toPage } from "../pagination.js";

const tags = ["templates"];
const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });
const VersionParams = IdParams.extend({ version: z.coerce.number().int().positive() });
const Query = PageQuery.extend({ channel: TemplateChannel.optional() }).strict();

/** Email, SMS and in-app templates with Liquid merge fields; every content change is a version. */
export function templateRoutes(app: App, { deps }: RouteContext): void {
  app.post(
    "/templates",
    { schema: { tags, security, summary: "Create a template; Liquid and MJML are checked, errors name the field and line", body: TemplateCreate, response: { 201: TemplateOut } } },
    async (req, reply) => reply.status(201).send(await createTemplate(deps, req.principal.workspaceId, req.body)),
  );

  app.get(
    "/templates",
    { schema: { tags, security, summary: "List templates in creation order, optionally of one channel", querystring: Query, response: { 200: pageOf(TemplateOut) } } },
    async (req) => {
      const page = { ...idPage(req.query), ...(req.query.channel ? { channel: req.query.channel } : {}) };
      return toPage(await listTemplates(deps, req.principal.workspaceId, page), req.query.limit, (last) => [last.id]);
    },
  );

  app.get(
    "/templates/merge-fields",
    { schema: { tags, security, summary: "The merge fields templates may use: contact properties from the registry, then the fields sends fill in", response: { 200: z.object({ data: z.array(MergeField) }) } } },
    async (req) => ({ data: await mergeFieldCatalogue(deps, req.principal.workspaceId) }),
  );

  app.post(
    "/templates/preview",
    {
      schema: {
        tags,
        security,
        summary: "Check and render content that is not saved: what it renders to, or the problems saving it would meet, by field and line",
        body: TemplateDraftPreviewIn,
        response: { 200: TemplateDraftPreviewOut },
      },
    },
    async (req) => previewDraft(deps, req.principal.workspaceId, req.body),
  );

  app.get("/templates/:id", { schema: { tags, security, summary: "Read a template and its latest content", params: IdParams, response: { 200: TemplateOut } } }, async (req) =>
    readTemplate(deps, req.principal.workspaceId, req.params.id),
  );

  app.patch(
    "/templates/:id",
    { schema: { tags, security, summary: "Rename a template, or give it a new content (a new version)", params: IdParams, body: TemplateUpdate, response: { 200: TemplateOut } } },
    async (req) => updateTemplate(deps, req.principal.workspaceId, req.params.id, req.body),
  );

  app.delete("/templates/:id", { schema: { tags, security, summary: "Delete a template and its versions", params: IdParams, response: { 204: z.null() } } }, async (req, reply) => {
    await deleteTemplate(deps, req.principal.workspaceId, req.params.id);
    return reply.status(204).send(null);
  });

  app.get(
    "/templates/:id/versions",
    { schema: { tags, security, summary: "Every version of a template, newest first", params: IdParams, response: { 200: z.object({ data: z.array(TemplateVersionOut) }) } } },
    async (req) => ({ data: await templateVersions(deps, req.principal.workspaceId, req.params.id) }),
  );

  app.get(
    "/templates/:id/versions/:version",
    { schema: { tags, security, summary: "One version of a template", params: VersionParams, response: { 200: TemplateVersionOut } } },
    async (req) => readTemplateVersion(deps, req.principal.workspaceId, req.params.id, req.params.version),
  );

  app.post(
    "/templates/:id/preview",
    { schema: { tags, security, summary: "Render a template for a contact, or with sample merge fields", params: IdParams, body: TemplatePreviewIn, response: { 200: RenderedMessage } } },
    async (req) => previewTemplate(deps, req.principal.workspaceId, req.params.id, req.body),
  );

  app.post(
    "/templates/:id/test-send",
    {
      schema: {
        tags,
        security,
        summary: "Send an email template to an address now, marked [Test]",
        params: IdParams,
        body: TemplateTestSendIn,
        response: { 200: z.object({ via: z.enum(["smtp", "mailbox"]), messageId: z.string() }) },
      },
    },
    async (req) => testSend(deps, req.principal.workspaceId, req.params.id, req.body),
  );
}
