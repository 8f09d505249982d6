import { compile } from "html-to-text";
import mjml2html from "mjml";
import type { FieldProblem } from "../../core/index.js";
import type { EmailContent, RenderedEmail } from "../../schemas/template.js";
import { renderTemplate, templateProblem, type MergeFields } from "./liquid.js";

/** An email template made ready to send: MJML compiled to HTML once, merged per recipient. */
export interface CompiledEmail {
  subject: string;
  preheader: string;
  /** HTML with its Liquid merge fields still in it. */
  html: string;
  /** The template's own text part, when it has one. */
  text?: string;
}

/**
 * Checks every part's Liquid and the body's MJML, and compiles the body: problems name the
 * field (`content.body`) and the line. A Liquid tag MJML would drop (one between MJML elements
 * instead of inside `mj-text` or `mj-raw`) is a problem too, not a silently different email.
 */
export async function compileEmail(content: EmailContent): Promise<{ compiled: CompiledEmail } | { problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  for (const part of ["subject", "preheader", "body", "text"] as const) {
    const source = content[part];
    const why = source === undefined ? undefined : templateProblem(source);
    if (why) problems.push({ field: `content.${part}`, message: `Liquid: ${why}` });
  }
  let html = content.body;
  if (content.format === "mjml" && !problems.some((p) => p.field === "content.body")) {
    const compiled = await compileMjml(content.body);
    if ("problems" in compiled) problems.push(...compiled.problems);
    else html = compiled.html;
  }
  if (problems.length) return { problems };
  return { compiled: { subject: content.subject, preheader: content.preheader ?? "", html, ...(content.text === undefined ? {} : { text: content.text }) } };
}

async function compileMjml(body: string): Promise<{ html: string } | { problems: FieldProblem[] }> {
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(body, { validationLevel: "soft", keepComments: false });
  } catch (err) {
    return { problems: [{ field: "content.body", message: `MJML: ${(err as Error).message}` }] };
  }
  if (result.errors.length) return { problems: result.errors.map((e) => ({ field: "content.body", message: `MJML: line ${e.line}: ${e.message}` })) };
  const lost = lostLiquid(body, result.html);
  if (lost) return { problems: [{ field: "content.body", message: `MJML: line ${lost.line}: ${lost.tag} is outside any content element and would be dropped; put it inside mj-text or wrap it in mj-raw` }] };
  return { html: result.html };
}

const LIQUID_MARKUP = /\{%-?[\s\S]*?-?%\}|\{\{-?[\s\S]*?-?\}\}/g;

/** The first Liquid tag or output of `source` that the compiled HTML does not carry as many times. */
function lostLiquid(source: string, html: string): { tag: string; line: number } | undefined {
  const kept = new Map<string, number>();
  for (const m of html.matchAll(LIQUID_MARKUP)) kept.set(normalize(m[0]), (kept.get(normalize(m[0])) ?? 0) + 1);
  for (const m of source.matchAll(LIQUID_MARKUP)) {
    const key = normalize(m[0]);
    const left = kept.get(key) ?? 0;
    if (left === 0) return { tag: m[0].length > 60 ? `${m[0].slice(0, 57)}…` : m[0], line: source.slice(0, m.index).split("\n").length };
    kept.set(key, left - 1);
  }
  return undefined;
}

/** MJML re-indents and escapes quotes inside attributes; only the words count. */
function normalize(markup: string): string {
  return markup.replace(/&quot;|&#34;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");
}

/**
 * One recipient's email: the subject and preheader as text (one line), the HTML with every
 * merge field HTML-escaped, the preheader hidden at the top of the body, and a text part.
 */
export function renderEmail(email: CompiledEmail, fields: MergeFields): RenderedEmail {
  const line = (source: string) => renderTemplate(source, fields).replace(/\s*[\r\n]+\s*/g, " ").trim();
  const subject = line(email.subject);
  const preheader = line(email.preheader);
  const body = renderTemplate(email.html, fields, "html");
  const text = email.text === undefined ? htmlToText(body) : renderTemplate(email.text, fields);
  return { subject, preheader, html: preheader ? withPreheader(body, preheader) : body, text };
}

/** Compiled once: html-to-text's `convert` compiles its options on every call, half its cost on an email. */
const toText = compile({
  wordwrap: 78,
  selectors: [
    { selector: "img", format: "skip" },
    { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
  ],
});

/** The plain-text part Parcours generates from an HTML body. */
export function htmlToText(html: string): string {
  return toText(html).trim();
}

/** Inboxes show the first text of the body after the subject: a hidden block puts the preheader there. */
function withPreheader(html: string, preheader: string): string {
  const escaped = preheader.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
  const block = `<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all">${escaped}</div>`;
  const body = /<body[^>]*>/i.exec(html);
  return body ? html.slice(0, body.index + body[0].length) + block + html.slice(body.index + body[0].length) : block + html;
}
