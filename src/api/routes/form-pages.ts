import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { ForbiddenError, NotFoundError, ValidationError } from "../../core/index.js";
import { confirmSubmission, publicForm, readConfirmationToken, submitForm, VISITOR, type PublicForm } from "../../forms/index.js";
import { FormSubmitResult } from "../../schemas/form.js";
import type { App, RouteContext } from "../app.js";
import { multipartFields, urlEncodedFields } from "../form-body.js";
import { confirmPage, formMessagePage, formPageHeaders, hostedFormPage } from "../form-page.js";
import { SlidingWindowLimiter, TooManyRequestsError } from "../rate-limit.js";

const tags = ["form pages"];
const IdParams = z.object({ id: z.string().min(1).max(200) });
const ConfirmParams = IdParams.extend({ token: z.string().min(1).max(1000) });
/** A form is a few fields: anything larger is not a submission. */
const FORM_LIMIT = 64 * 1024;
/** Submissions per IP address per form per minute, in each server process. */
const SUBMISSIONS_PER_MINUTE = 10;
const PENDING_MESSAGE = "Almost done: we sent you an email. Open the link in it to confirm your address.";
/** The `_aid` field the web tracking script adds: the browser's anonymous id. */
const VisitorId = z.string().min(1).max(255);

/**
 * The public side of forms (no API key): the hosted page, the endpoint pages and embedded
 * snippets post to (urlencoded, multipart or JSON; CORS for the form's allowed origins), and the
 * double opt-in confirmation link.
 */
export function formPageRoutes(app: App, { deps }: RouteContext): void {
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: FORM_LIMIT }, (_req, body, done) => done(null, urlEncodedFields(body as string)));
  app.addContentTypeParser("multipart/form-data", { parseAs: "string", bodyLimit: FORM_LIMIT }, (req, body, done) => done(null, multipartFields(req.headers["content-type"], body as string)));
  const limiter = new SlidingWindowLimiter({ limit: SUBMISSIONS_PER_MINUTE, windowMs: 60_000 });

  app.get(
    "/f/:id",
    {
      schema: {
        tags,
        summary: "The hosted page of a form (HTML); query parameters fill in fields (hidden ones included)",
        params: IdParams,
        querystring: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
      },
    },
    async (req, reply) => {
      const form = await findForm(req.params.id);
      if (!form) return html(reply, 404, formMessagePage("No such form", "This form does not exist, or no longer does."));
      return html(reply, 200, hostedFormPage(form, ownAction(form.id), { values: req.query }), form);
    },
  );

  app.options("/f/:id", { schema: { tags, summary: "CORS preflight: allowed for the form's allowedOrigins", params: IdParams } }, async (req, reply) => {
    const form = await publicForm(deps, req.params.id);
    const origin = corsOf(req, form);
    if (origin.kind === "refused") throw refusedOrigin(origin.origin);
    allowOrigin(reply, origin);
    return reply
      .status(204)
      .headers({ "access-control-allow-methods": "POST", "access-control-allow-headers": "content-type, accept", "access-control-max-age": "600" })
      .send();
  });

  app.post(
    "/f/:id",
    {
      bodyLimit: FORM_LIMIT,
      schema: {
        tags,
        summary: "Submit a form (urlencoded, multipart or JSON): HTML clients get a page or a 303 to the redirect URL, JSON clients JSON",
        consumes: ["application/x-www-form-urlencoded", "multipart/form-data", "application/json"],
        params: IdParams,
        body: z.record(z.string(), z.unknown()),
        response: { 200: FormSubmitResult },
      },
    },
    async (req, reply) => {
      const form = await publicForm(deps, req.params.id);
      const origin = corsOf(req, form);
      if (origin.kind === "refused") throw refusedOrigin(origin.origin);
      allowOrigin(reply, origin);
      const limit = limiter.hit(`${form.id} ${req.ip}`, deps.clock.now());
      if (!limit.allowed) {
        const seconds = Math.max(1, Math.ceil(limit.retryAfterMs / 1000));
        reply.header("retry-after", String(seconds));
        throw new TooManyRequestsError(`at most ${SUBMISSIONS_PER_MINUTE} submissions a minute from one address; try again in ${seconds} s`, seconds);
      }
      const json = wantsJson(req);
      try {
        const outcome = await submitForm(deps, form, { fields: req.body, ip: req.ip, userAgent: req.headers["user-agent"], anonymousId: visitorOf(req.body) });
        const pending = outcome.outcome === "pending_confirmation" || (outcome.outcome === "honeypot" && form.definition.doubleOptIn !== undefined);
        return pending ? answerPending(reply, form, json) : answerSuccess(reply, form, json);
      } catch (err) {
        if (err instanceof ValidationError && !json) return html(reply, 400, hostedFormPage(form, ownAction(form.id), { values: req.body, problems: err.problems }), form);
        throw err;
      }
    },
  );

  app.get(
    "/f/:id/confirm/:token",
    { schema: { tags, summary: "The page of a double opt-in link (HTML): a button confirms; opening it alone changes nothing", params: ConfirmParams } },
    async (req, reply) => {
      const form = await findForm(req.params.id);
      const target = form && (await readConfirmationToken(deps, form.id, req.params.token));
      if (!form || !target) return html(reply, 400, formMessagePage("This link does not work", "It may have been cut short or changed. Open the link of the confirmation email again, or submit the form again."));
      return html(reply, 200, confirmPage(form, `/f/${encodeURIComponent(form.id)}/confirm/${encodeURIComponent(req.params.token)}`), form);
    },
  );

  app.post(
    "/f/:id/confirm/:token",
    { schema: { tags, summary: "Confirm a double opt-in submission: the contact is created or updated and form.submitted recorded, once", params: ConfirmParams } },
    async (req, reply) => {
      const confirmed = await confirmSubmission(deps, req.params.id, req.params.token);
      if (!confirmed) throw ValidationError.field("params.token", "is not a confirmation link of this form");
      return answerSuccess(reply, confirmed.form, wantsJson(req));
    },
  );

  async function findForm(id: string): Promise<PublicForm | undefined> {
    return publicForm(deps, id).catch((err: unknown) => {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    });
  }

  /** May a page at the request's `Origin` post this form? Requests without one (servers, curl) may. */
  function corsOf(req: FastifyRequest, form: PublicForm): Cors {
    const origin = req.headers.origin;
    if (origin === undefined) return { kind: "none" };
    const allowed = form.definition.allowedOrigins;
    if (allowed.includes("*")) return { kind: "any" };
    if (allowed.includes(origin)) return { kind: "origin", origin };
    if (isOwnOrigin(origin, req.headers.host, deps.config.baseUrl)) return { kind: "none" };
    return { kind: "refused", origin };
  }
}

/**
 * Where the hosted page posts: back to the server that served it, by path. An absolute
 * PARCOURS_BASE_URL that differs from the page's own origin would be refused by the page's
 * `form-action 'self'`.
 */
function ownAction(id: string): string {
  return `/f/${encodeURIComponent(id)}`;
}

type Cors = { kind: "none" } | { kind: "any" } | { kind: "origin"; origin: string } | { kind: "refused"; origin: string };

function allowOrigin(reply: FastifyReply, cors: Cors): void {
  if (cors.kind === "any") reply.header("access-control-allow-origin", "*");
  if (cors.kind === "origin") reply.header("access-control-allow-origin", cors.origin).header("vary", "Origin");
}

function refusedOrigin(origin: string): ForbiddenError {
  return new ForbiddenError(`pages at ${origin} may not post this form: add the origin to the form's allowedOrigins`);
}

/** The hosted page posting to its own server (by the request's Host, or PARCOURS_BASE_URL behind a proxy). */
function isOwnOrigin(origin: string, host: string | undefined, baseUrl: string): boolean {
  try {
    const o = new URL(origin);
    // Through URL so that default ports compare equal (Host "example.com:443", Origin "https://example.com").
    return (host !== undefined && o.host === new URL(`${o.protocol}//${host}`).host) || o.host === new URL(baseUrl).host;
  } catch {
    return false;
  }
}

/** The browser's anonymous id the tracking script sent with the submission, if any (empty means none). */
function visitorOf(body: Record<string, unknown>): string | undefined {
  const value = body[VISITOR];
  if (value === undefined || value === "") return undefined;
  const parsed = VisitorId.safeParse(value);
  if (!parsed.success) throw ValidationError.field(`fields.${VISITOR}`, "must be the anonymous id the web tracking script gives (1 to 255 characters)");
  return parsed.data;
}

function wantsJson(req: FastifyRequest): boolean {
  if ((req.headers["content-type"] ?? "").startsWith("application/json")) return true;
  const accept = req.headers.accept ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

function answerSuccess(reply: FastifyReply, form: PublicForm, json: boolean): FastifyReply {
  const success = form.definition.success;
  if ("redirectUrl" in success) return json ? reply.send({ status: "accepted", redirectUrl: success.redirectUrl }) : reply.redirect(success.redirectUrl, 303);
  return json ? reply.send({ status: "accepted", message: success.message }) : html(reply, 200, formMessagePage(form.definition.title ?? form.name, success.message), form);
}

function answerPending(reply: FastifyReply, form: PublicForm, json: boolean): FastifyReply {
  const message = form.definition.doubleOptIn?.message ?? PENDING_MESSAGE;
  return json ? reply.send({ status: "pending_confirmation", message }) : html(reply, 200, formMessagePage("Check your inbox", message), form);
}

function html(reply: FastifyReply, status: number, page: string, form?: PublicForm): FastifyReply {
  return reply.status(status).headers(formPageHeaders(form?.definition)).send(page);
}
