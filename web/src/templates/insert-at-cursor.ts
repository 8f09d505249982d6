/** `text` with `token` replacing the selection [start, end), and where the caret goes after it. */
export function insertAt(text: string, start: number, end: number, token: string): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + token + text.slice(to), caret: from + token.length };
}

/** The Liquid output tag for a merge field path. */
export function mergeTag(path: string): string {
  return `{{ ${path} }}`;
}
