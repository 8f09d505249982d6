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
 * Outputs (`{{ … }}`) in parts the conversion drops (the head, image sources) are dropped with
 * them, as they would be from each recipient's text. When it cannot be done faithfully (a tag
 * `{% … %}` dropped or moved, `| raw` HTML output) the email is returned as it was, and its
 * text is converted per recipient.
 */
export function withTextTemplate(email: CompiledEmail): CompiledEmail {
  if (email.text !== undefined) return email;
  const markups: string[] = [];
  const html = email.html.replace(LIQUID_MARKUP, (markup) => `PCLQ${markups.push(markup) - 1}X`);
  if (markups.some((m) => /\|\s*raw\b|\{%-?\s*raw\b/.test(m))) return email;
  const text = htmlToText(html);
  const found = [...text.matchAll(STAND_IN)].map((m) => Number(m[1]));
  const kept = new Set(found);
  const inOrder = found.every((n, i) => i === 0 || n > found[i - 1]!);
  if (!inOrder || markups.some((m, i) => m.startsWith("{%") && !kept.has(i))) return email;
  const template = text.replace(STAND_IN, (_, n: string) => markups[Number(n)]!);
  return templateProblem(template) === undefined ? { ...email, text: template } : email;
}
