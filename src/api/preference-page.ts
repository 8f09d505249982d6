import type { Preferences } from "../consent/index.js";

/**
 * The preference page: self-contained HTML (no script, no external asset), every value escaped,
 * working with plain form posts. The form posts to `/u/<token>/preferences`.
 */
export function preferencePage(p: Preferences, token: string, notice?: string): string {
  const topics = p.topics.length
    ? `<fieldset><legend>Email me about</legend>${p.topics.map(topicRow).join("")}</fieldset>
<p><button type="submit" name="action" value="save">Save preferences</button></p>`
    : "";
  const global = p.unsubscribedAll
    ? `<p class="status">You are unsubscribed from all marketing email.</p>
<p><button type="submit" name="action" value="resubscribe" class="secondary">Subscribe again to marketing email</button></p>`
    : `<p><button type="submit" name="action" value="unsubscribe_all" class="secondary">Unsubscribe from all marketing email</button></p>`;
  const body = `<h1>Email preferences</h1>
${p.email ? `<p>For <strong>${escapeHtml(p.email)}</strong>${p.workspaceName ? ` at ${escapeHtml(p.workspaceName)}` : ""}.</p>` : ""}
${notice ? `<p class="notice" role="status">${escapeHtml(notice)}</p>` : ""}
<form method="post" action="/u/${escapeHtml(encodeURIComponent(token))}/preferences">
${topics}
${global}
</form>
<p class="small">Messages about your account and your orders are sent whatever you choose here.</p>`;
  return page("Email preferences", body);
}

/** A page with a title and one sentence (a bad link, a contact that no longer exists). */
export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

/** Headers for these pages: nothing cached, the token in the URL never sent on, no framing. */
export const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

function topicRow(t: Preferences["topics"][number]): string {
  const description = t.description ? `<br><span class="small">${escapeHtml(t.description)}</span>` : "";
  return `<label><input type="checkbox" name="topic" value="${escapeHtml(t.id)}"${t.subscribed ? " checked" : ""}> <strong>${escapeHtml(t.name)}</strong>${description}</label>`;
}

/** A self-contained page (no script, no external asset) around `body`; `style` adds CSS rules. */
export function page(title: string, body: string, style = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 34rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
fieldset { border: 1px solid #ccc; border-radius: 6px; padding: .5rem 1rem; }
label { display: block; margin: .75rem 0; }
button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid #245; background: #245; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #245; }
.notice { background: #eef6ee; border-left: 4px solid #3a3; padding: .5rem 1rem; }
.status { font-weight: bold; }
.small { font-size: .875rem; color: #555; }
${style}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
