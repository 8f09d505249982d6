import { Liquid, LiquidError, type Template } from "liquidjs";

// `templates: {}`: include, render and layout look partials up in this empty map, never on the
// server's disk (liquidjs's default root is the working directory: `{% include 'package.json' %}`).
const LIMITS = { strictFilters: true, ownPropertyOnly: true, parseLimit: 500_000, renderLimit: 1000, memoryLimit: 10_000_000, templates: {} } as const;

/**
 * Merge fields (`{{ contact.email }}`, `{{ contact.properties.plan | default: "free" }}`) in
 * Liquid. Only the variables given are visible (own properties only), unknown filters are
 * errors, and a template may not run long or build huge strings. `html` escapes every output
 * (`| raw` opts out), for HTML bodies; `text` leaves it as is, for subjects, text and JSON.
 */
const engines = {
  text: new Liquid(LIMITS),
  html: new Liquid({ ...LIMITS, outputEscape: "escape" }),
};
export type LiquidMode = keyof typeof engines;

/**
 * Parsed templates by mode and source: a message sent to 100,000 contacts is parsed once. Keyed
 * by the source itself (no key built per call): a string hashes once, and a 15 kB email body
 * concatenated into a new key for every recipient cost more than its render.
 */
const parsed: Record<LiquidMode, Map<string, Template[]>> = { text: new Map(), html: new Map() };
const MAX_PARSED = 500;

function parse(source: string, mode: LiquidMode): Template[] {
  const cache = parsed[mode];
  let templates = cache.get(source);
  if (!templates) {
    templates = engines[mode].parse(source);
    if (cache.size >= MAX_PARSED) cache.delete(cache.keys().next().value!);
    cache.set(source, templates);
  }
  return templates;
}

/** What a template is rendered with. */
export type MergeFields = Record<string, unknown>;

/** Why `source` is not a valid template (with its line and column), or undefined when it parses. */
export function templateProblem(source: string): string | undefined {
  try {
    engines.text.parse(source);
    return undefined;
  } catch (err) {
    return err instanceof LiquidError ? err.message : String(err);
  }
}

/** Renders `source`; throws TemplateError when it does not parse or fails to render. */
export function renderTemplate(source: string, fields: MergeFields, mode: LiquidMode = "text"): string {
  try {
    return engines[mode].renderSync(parse(source, mode), fields);
  } catch (err) {
    throw new TemplateError(err instanceof Error ? err.message : String(err));
  }
}

/** Renders every string found in `value` (nested objects and arrays included); other values are kept. */
export function renderStrings(value: unknown, fields: MergeFields): unknown {
  if (typeof value === "string") return renderTemplate(value, fields);
  if (Array.isArray(value)) return value.map((v) => renderStrings(v, fields));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderStrings(v, fields)]));
  return value;
}

/** Every string in `value` with the path to it (`a.b.0`), for checking templates field by field. */
export function stringsIn(value: unknown, path = ""): { path: string; source: string }[] {
  if (typeof value === "string") return [{ path, source: value }];
  const join = (k: string) => (path === "" ? k : `${path}.${k}`);
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, join(String(i))));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => stringsIn(v, join(k)));
  return [];
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}
