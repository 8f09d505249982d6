/**
 * The web tracking script, served at /t.js and built by `npm run build:web` (vite.config.ts
 * beside it). A site includes it with
 *   <script async src="https://parcours.example/t.js" data-key="pc_wk_…"></script>
 * It records a page view as the page loads and the time the page was visible when it is hidden,
 * keeps an anonymous id in a first-party cookie (localStorage as a fallback), ties the browser to
 * a contact after a tracked email click (the `_pc` link token) or a Parcours form submission (the
 * `_aid` field it adds to them and to links to their pages), and exposes `parcours.page / track / identify / anonymousId`.
 * Calls are Segment-spec messages posted as text/plain, so that browsers send them without a
 * CORS preflight. It imports nothing, to stay small (docs/web-tracking.md gives its size).
 */

type Props = Record<string, unknown>;
type Call = [string, ...unknown[]];

const ID_KEY = "pc_aid";
const LINK_PARAM = "_pc";
const LINK_ASKED = "pc_link_asked";
const VISITOR_FIELD = "_aid";
const TWO_YEARS_S = 63072000;
const UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
const LIBRARY = { name: "parcours.js", version: "1" };

const script = document.currentScript as HTMLScriptElement | null;
const writeKey = script?.getAttribute("data-key");
const base = script ? new URL(script.src).origin : "";

function uuid(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 15) | 64;
  b[8] = (b[8]! & 63) | 128;
  const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function readCookie(name: string): string | undefined {
  const m = document.cookie.match(new RegExp(`(?:^|; )${name}=([^;]*)`));
  return m ? decodeURIComponent(m[1]!) : undefined;
}

function storage(kind: "localStorage" | "sessionStorage" = "localStorage"): Storage | undefined {
  try {
    return window[kind];
  } catch {
    // Blocked storage (some privacy modes) throws on access.
    return undefined;
  }
}

/** The browser's id: the cookie, else localStorage (cookies may be cleared or refused), else a new one; kept in both. */
function anonymousId(): string {
  const id = readCookie(ID_KEY) ?? storage()?.getItem(ID_KEY) ?? uuid();
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${ID_KEY}=${encodeURIComponent(id)}; Path=/; Max-Age=${TWO_YEARS_S}; SameSite=Lax${secure}`;
  storage()?.setItem(ID_KEY, id);
  return id;
}

function message(type: string, fields: Props): Props {
  const now = new Date().toISOString();
  return {
    type,
    messageId: uuid(),
    anonymousId: anonymousId(),
    timestamp: now,
    sentAt: now,
    writeKey,
    context: { library: LIBRARY, userAgent: navigator.userAgent, locale: navigator.language, page: pageFacts() },
    ...fields,
  };
}

/** Posts without a preflight; `beacon` when the page is going away (sendBeacon survives unloading). */
function send(path: string, body: Props, beacon = false): Promise<unknown> {
  const url = `${base}/v1/${path}`;
  const json = JSON.stringify(body);
  if (beacon && navigator.sendBeacon && navigator.sendBeacon(url, new Blob([json], { type: "text/plain" }))) return Promise.resolve();
  return fetch(url, { method: "POST", body: json, keepalive: true, headers: { "content-type": "text/plain" }, credentials: path === "web/link" ? "include" : "omit" }).catch(() => undefined);
}

function pageFacts(): Props {
  return { url: location.href, path: location.pathname, search: location.search, title: document.title, referrer: document.referrer };
}

/** The page's facts and its UTM parameters, as properties rules and triggers filter on. */
function pageProperties(): Props {
  const props = pageFacts();
  const query = new URLSearchParams(location.search);
  for (const name of UTM) {
    const value = query.get(name);
    if (value !== null) props[name] = value;
  }
  return props;
}

let pageViewId = "";
let visibleMs = 0;
let visibleSince = 0;

function page(properties?: Props): Promise<unknown> {
  const m = message("page", { name: "Page Viewed", properties: { ...pageProperties(), ...properties } });
  pageViewId = m.messageId as string;
  visibleMs = 0;
  visibleSince = document.visibilityState === "visible" ? Date.now() : 0;
  return send("page", m);
}

function track(event: string, properties?: Props): Promise<unknown> {
  return send("track", message("track", { event, properties: properties ?? {} }));
}

/** Who the visitor is by your own account: a user id and/or traits (an `email` trait ties the browser to that contact). */
function identify(userIdOrTraits?: string | Props, traits?: Props): Promise<unknown> {
  const userId = typeof userIdOrTraits === "string" ? userIdOrTraits : undefined;
  return send("identify", message("identify", { userId, traits: (typeof userIdOrTraits === "object" ? userIdOrTraits : traits) ?? {} }));
}

/** Sends the page's visible time so far each time the page is hidden (tab switched, closed, navigated away). */
function reportTime(): void {
  if (visibleSince) visibleMs += Date.now() - visibleSince;
  visibleSince = 0;
  if (!pageViewId || visibleMs < 1000) return;
  const { url, path, title } = pageFacts();
  send("track", message("track", { event: "Time on Page", properties: { url, path, title, pageViewId, seconds: Math.round(visibleMs / 1000) } }), true);
}

/**
 * Trades the `_pc` token of a tracked email click for tying this browser to the contact, and
 * takes it out of the address bar. Without one, asks once a session whether the `pc_id` cookie
 * of an earlier click names the visitor (browsers send it when the site shares Parcours's site).
 */
function linkVisitor(): Promise<unknown> {
  const url = new URL(location.href);
  const token = url.searchParams.get(LINK_PARAM);
  if (token === null) {
    const session = storage("sessionStorage");
    if (!session || session.getItem(LINK_ASKED)) return Promise.resolve();
    session.setItem(LINK_ASKED, "1");
    return send("web/link", { writeKey, anonymousId: anonymousId() });
  }
  url.searchParams.delete(LINK_PARAM);
  history.replaceState(history.state, "", url.toString());
  return send("web/link", { writeKey, anonymousId: anonymousId(), token });
}

/** Parcours forms (the embedded snippet, or a plain post to /f/…) carry the anonymous id, so the submission merges this browser's history. */
function tagForm(event: Event): void {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.action.startsWith(`${base}/f/`)) return;
  let input = form.querySelector<HTMLInputElement>(`input[name="${VISITOR_FIELD}"]`);
  if (!input) {
    input = document.createElement("input");
    input.type = "hidden";
    input.name = VISITOR_FIELD;
    form.appendChild(input);
  }
  input.value = anonymousId();
}

/** Links to a hosted Parcours form page carry the anonymous id on to it. */
function tagLink(event: Event): void {
  const link = (event.target as Element | null)?.closest?.("a");
  if (!link || !link.href.startsWith(`${base}/f/`)) return;
  const url = new URL(link.href);
  url.searchParams.set(VISITOR_FIELD, anonymousId());
  link.href = url.toString();
}

const api = { page, track, identify, anonymousId };

function run(call: Call): void {
  const [name, ...args] = call;
  const f = (api as Record<string, (...a: unknown[]) => unknown>)[name];
  if (f) f(...args);
}

if (!writeKey) console.warn("parcours: the script tag needs data-key=\"<write key>\"");
else {
  // Calls queued before the script loaded: window.parcours = window.parcours || []; parcours.push(["track", "Signed Up"]).
  const w = window as unknown as { parcours?: unknown };
  const queued = Array.isArray(w.parcours) ? (w.parcours as Call[]) : [];
  w.parcours = { ...api, push: run };
  document.addEventListener("submit", tagForm, true);
  document.addEventListener("click", tagLink, true);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") reportTime();
    else if (!visibleSince) visibleSince = Date.now();
  });
  addEventListener("pagehide", reportTime);
  void linkVisitor().then(() => {
    void page();
    queued.forEach(run);
  });
}
