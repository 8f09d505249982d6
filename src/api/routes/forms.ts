import { z } from "zod";
import { createForm, deleteForm, formSubmissionCounts, formSubmissions, formUrls, listForms, readForm, updateForm } from "../../forms/index.js";
import { FormCreate, FormEmbed, FormOut, FormSubmissionCount, FormSubmissionOut, FormSubmissionStatus, FormUpdate } from "../../schemas/form.js";
import type { App, RouteContext } from "../app.js";
import { embedSnippet } from "../form-page.js";
import { idPage, pageOf, PageQuery, toPage } from "../pagination.js";

const tags = ["forms"];
const security = [{ secretKey: [] }];
const IdParams = z.object({ id: z.string() });
const SubmissionQuery = PageQuery.extend({ status: FormSubmissionStatus.optional() }).strict();

/**
 * Forms: fields mapped to contact properties, a consent box, double opt-in, what success shows;
 * their submissions and the snippet that embeds them. The public side is in form-pages.ts.
 */
export function formRoutes(app: App, { deps }: RouteContext): void {
  app.post(
    "/forms",
    { schema: { tags, security, summary: "Create a form; the definition is checked (an email field, the consent topic, the confirmation template)", body: FormCreate, response: { 201: FormOut } } },
    async (req, reply) => reply.status(201).send(await createForm(deps, req.principal.workspaceId, req.body)),
  );

  app.get("/forms", { schema: { tags, security, summary: "List forms in creation order", querystring: PageQuery.strict(), response: { 200: pageOf(FormOut) } } }, async (req) =>
    toPage(await listForms(deps, req.principal.workspaceId, idPage(req.query)), req.query.limit, (last) => [last.id]),
  );

  app.get(
    "/forms/submission-counts",
    { schema: { tags, security, summary: "Each form's stored submissions by status (forms without any are left out)", response: { 200: z.object({ data: z.array(FormSubmissionCount) }) } } },
    async (req) => ({ data: await formSubmissionCounts(deps, req.principal.workspaceId) }),
  );

  app.get("/forms/:id", { schema: { tags, security, summary: "Read a form", params: IdParams, response: { 200: FormOut } } }, async (req) =>
    readForm(deps, req.principal.workspaceId, req.params.id),
  );

  app.patch(
    "/forms/:id",
    { schema: { tags, security, summary: "Rename a form or replace its definition (submissions from then on use it)", params: IdParams, body: FormUpdate, response: { 200: FormOut } } },
    async (req) => updateForm(deps, req.principal.workspaceId, req.params.id, req.body),
  );

  app.delete("/forms/:id", { schema: { tags, security, summary: "Delete a form and its submissions", params: IdParams, response: { 204: z.null() } } }, async (req, reply) => {
    await deleteForm(deps, req.principal.workspaceId, req.params.id);
    return reply.status(204).send(null);
  });

  app.get(
    "/forms/:id/submissions",
    { schema: { tags, security, summary: "A form's submissions, newest first, optionally of one status", params: IdParams, querystring: SubmissionQuery, response: { 200: pageOf(FormSubmissionOut) } } },
    async (req) => {
      const { afterId, limit } = idPage(req.query);
      const page = { limit, ...(afterId === undefined ? {} : { beforeId: afterId }), ...(req.query.status ? { status: req.query.status } : {}) };
      return toPage(await formSubmissions(deps, req.principal.workspaceId, req.params.id, page), req.query.limit, (last) => [last.id]);
    },
  );

  app.get(
    "/forms/:id/embed",
    { schema: { tags, security, summary: "The HTML snippet that embeds the form in another site (its origin must be in allowedOrigins)", params: IdParams, response: { 200: FormEmbed } } },
    async (req) => {
      const form = await readForm(deps, req.principal.workspaceId, req.params.id);
      const { action, pageUrl } = formUrls(deps, form.id);
      const html = embedSnippet({ id: form.id, workspaceId: req.principal.workspaceId, name: form.name, definition: form.definition }, action);
      return { html, action, pageUrl };
    },
  );
}
