import type { CompiledEmail } from "./email.js";
import { htmlToText } from "./email.js";
import { templateProblem } from "./liquid.js";

const LIQUID_MARKUP = /\{%-?[\s\S]*?-?%\}|\{\{-?[\s\S]*?-?\}\}/g;
/** Letters and digits only: the text conversion neither wraps inside nor changes them. */
const STAND_IN = /PCLQ(\d+)X/g;

/**
 * The email with a Liquid template for its text part, made once from the HTML, when it has no
 * text part of its own: converting each recipient's HTML to text costs about a millisecond,
 * merging a text template a few microseconds (a broadcast renders one email per recipient).
 * Each Liquid markup is replaced by a stand-in, the HTML converted, and the markup put back.
 * When that cannot be done faithfully (markup inside an element the conversion drops, `| raw`
 * HTML output) the email is returned as it was, and its text is converted per recipient.
 */
export function withTextTemplate(email: CompiledEmail): CompiledEmail {
  if (email.text !== undefined) return email;
  const markups: string[] = [];
  const html = email.html.replace(LIQUID_MARKUP, (markup) => `PCLQ${markups.push(markup) - 1}X`);
  if (markups.some((m) => /\|\s*raw\b|\{%-?\s*raw\b/.test(m))) return email;
  const text = htmlToText(html);
  const found = [...text.matchAll(STAND_IN)].map((m) => Number(m[1]));
  if (found.length !== markups.length || found.some((n, i) => n !== i)) return email;
  const template = text.replace(STAND_IN, (_, n: string) => markups[Number(n)]!);
  return templateProblem(template) === undefined ? { ...email, text: template } : email;
}
