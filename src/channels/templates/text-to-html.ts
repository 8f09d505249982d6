const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** A plain-text message as simple HTML: escaped, blank lines between paragraphs, line breaks kept. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
  const paragraphs = escaped.split(/\r?\n\s*\r?\n/).map((p) => `<p>${p.replace(/\r?\n/g, "<br>")}</p>`);
  return `<!doctype html><html><body>${paragraphs.join("\n")}</body></html>`;
}
