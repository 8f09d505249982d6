import type { FastifyReply } from "fastify";
import { z } from "zod";
import { ValidationError } from "../../core/index.js";
import { readPreferences, readUnsubscribeToken, savePreferences, unsubscribeOneClick, type PreferenceChange, type UnsubscribeTarget } from "../../consent/index.js";
import type { App, RouteContext } from "../app.js";
import { multipartFields, urlEncodedFields } from "../form-body.js";
import { messagePage, PAGE_HEADERS, preferencePage } from "../preference-page.js";

const tags = ["unsubscribe"];
const TokenParams = z.object({ token: z.string().min(1).max(1000) });
/** Forms here are a few fields: anything larger is not one of ours. */
const FORM_LIMIT = 64 * 1024;

const OneClick = z.looseObject({ "List-Unsubscribe": z.literal("One-Click").describe("RFC 8058: the body is `List-Unsubscribe=One-Click`") });

const PreferencesForm = z.looseObject({
  action: z.enum(["save", "unsubscribe_all", "resubscribe"]),
  topic: z.union([z.string(), z.array(z.string())]).optional().describe("The ids of the topics ticked"),
});

const NOTICES: Record<PreferenceChange["action"], string> = {
  save: "Your preferences are saved.",
  unsubscribe_all: "You are unsubscribed from all marketing email.",
  resubscribe: "You are subscribed to marketing email again.",
};

/**
 * The links in emails (no API key: the signed token is the authority): the preference page, its
 * form, and the RFC 8058 one-click POST that mailbox providers send.
 */
export function unsubscribeRoutes(app: App, { deps }: RouteContext): void {
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: FORM_LIMIT }, (_req, body, done) => done(null, urlEncodedFields(body as string)));
  app.addContentTypeParser("multipart/form-data", { parseAs: "string", bodyLimit: FORM_LIMIT }, (req, body, done) => done(null, multipartFields(req.headers["content-type"], body as string)));

  async function targetOf(token: string): Promise<UnsubscribeTarget> {
    const target = await readUnsubscribeToken(deps, token);
    if (!target) throw ValidationError.field("params.token", "is not an unsubscribe link this server made");
    return target;
  }

  app.get(
    "/u/:token",
    { schema: { tags, summary: "The preference page of an unsubscribe link (HTML): topics to tick, and unsubscribe from all marketing email", params: TokenParams } },
    async (req, reply) => {
      const target = await readUnsubscribeToken(deps, req.params.token);
      if (!target) return html(reply, 400, messagePage("This link does not work", "It may have been cut short or changed. Use the unsubscribe link of a recent email."));
      const preferences = await readPreferences(deps, target);
      if (!preferences) return html(reply, 404, gone());
      return html(reply, 200, preferencePage(preferences, req.params.token));
    },
  );

  app.post(
    "/u/:token",
    {
      schema: {
        tags,
        summary: "RFC 8058 one-click unsubscribe: from the link's topic if it has one, else from all marketing email",
        consumes: ["application/x-www-form-urlencoded", "multipart/form-data"],
        params: TokenParams,
        body: OneClick,
        response: { 200: z.object({ status: z.literal("unsubscribed") }) },
      },
    },
    async (req) => {
      await unsubscribeOneClick(deps, await targetOf(req.params.token));
      return { status: "unsubscribed" as const };
    },
  );

  app.post(
    "/u/:token/preferences",
    {
      schema: {
        tags,
        summary: "The preference page's form: save topic choices, unsubscribe from all marketing email, or subscribe again; answers with the page",
        consumes: ["application/x-www-form-urlencoded"],
        params: TokenParams,
        body: PreferencesForm,
      },
    },
    async (req, reply) => {
      const target = await targetOf(req.params.token);
      const { action, topic } = req.body;
      const change: PreferenceChange = action === "save" ? { action, subscribed: topic === undefined ? [] : [topic].flat() } : { action };
      const preferences = await savePreferences(deps, target, change);
      if (!preferences) return html(reply, 404, gone());
      return html(reply, 200, preferencePage(preferences, req.params.token, NOTICES[action]));
    },
  );
}

function gone(): string {
  return messagePage("Nothing to manage", "The person this link was sent to is no longer in our records.");
}

function html(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.status(status).headers(PAGE_HEADERS).send(page);
}
