import { Liquid, LiquidError } from "liquidjs";

/**
 * Merge fields (`{{ contact.email }}`, `{{ contact.properties.plan | default: "free" }}`) in
 * Liquid. Only the variables given are visible (own properties only), unknown filters are
 * errors, and a template may not run long or build huge strings.
 */
const liquid = new Liquid({ strictFilters: true, ownPropertyOnly: true, cache: 500, parseLimit: 100_000, renderLimit: 1000, memoryLimit: 10_000_000 });

/** What a template is rendered with. */
export type MergeFields = Record<string, unknown>;

/** Why `source` is not a valid template, or undefined when it parses. */
export function templateProblem(source: string): string | undefined {
  try {
    liquid.parse(source);
    return undefined;
  } catch (err) {
    return err instanceof LiquidError ? err.message : String(err);
  }
}

/** Renders `source`; throws TemplateError when it does not parse or fails to render. */
export function renderTemplate(source: string, fields: MergeFields): string {
  try {
    return liquid.parseAndRenderSync(source, fields);
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
