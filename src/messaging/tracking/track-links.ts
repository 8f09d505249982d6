/** What the rewriter needs: a tracked URL for each link, the open pixel's URL, and links to leave alone. */
export interface LinkTracker {
  /** The redirect standing for `url` (an absolute http(s) URL as the reader would have followed it). */
  click(url: string): string;
  /** The open pixel's URL. */
  openPixel: string;
  /** Links kept as they are (the unsubscribe link: one-click must not be counted as a click). */
  keep(url: string): boolean;
}

// An <a …> start tag and its href value, double- or single-quoted (MJML and Liquid output quote them).
const ANCHOR = /<a\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>/gi;
const NO_TRACK = /\sdata-(?:pc-)?notrack\b/i;
const ENTITIES: Record<string, string> = { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">", "#39": "'", "#x27": "'", "#34": '"' };

/**
 * Rewrites the http(s) links of an email's HTML into click redirects and adds the open pixel
 * before `</body>` (or at the end). Other schemes (mailto:, tel:, #anchors), links marked
 * `data-notrack` and those `keep` names are left as they are. Pure and linear in the HTML's size:
 * a newsletter run calls it once per recipient.
 */
export function trackLinks(html: string, tracker: LinkTracker): string {
  const rewritten = html.replace(ANCHOR, (tag: string, double: string | undefined, single: string | undefined) => {
    const raw = double ?? single ?? "";
    const url = decodeEntities(raw.trim());
    if (!/^https?:\/\//i.test(url) || NO_TRACK.test(tag) || tracker.keep(url)) return tag;
    const quote = double === undefined ? "'" : '"';
    return tag.replace(`${quote}${raw}${quote}`, `${quote}${escapeAttribute(tracker.click(url))}${quote}`);
  });
  const pixel = `<img src="${escapeAttribute(tracker.openPixel)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />`;
  const body = rewritten.lastIndexOf("</body>");
  return body === -1 ? rewritten + pixel : `${rewritten.slice(0, body)}${pixel}${rewritten.slice(body)}`;
}

function decodeEntities(value: string): string {
  return value.replace(/&(amp|quot|apos|lt|gt|#39|#x27|#34);/gi, (m, name: string) => ENTITIES[name.toLowerCase()] ?? m);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#39;").replace(/</g, "&lt;");
}
