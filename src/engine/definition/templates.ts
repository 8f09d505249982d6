import { stringsIn, templateProblem } from "../../channels/index.js";
import { type WorkflowProblem, problemAt } from "./problem.js";
import type { Sites } from "./sites.js";

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Set by the dispatcher on every webhook; an action may not override them. */
const RESERVED = new Set(["content-type", "content-length", "host", "webhook-id", "webhook-timestamp", "webhook-signature"]);

/** Liquid merge fields that do not parse, and webhook headers that could not be sent, found at publish rather than at send time. */
export function checkTemplates(sites: Sites): WorkflowProblem[] {
  return sites.actions.flatMap((site) => {
    const { action } = site;
    const liquid = (path: string, source: string) => {
      const why = templateProblem(source);
      return why === undefined ? [] : [problemAt(site, path, `bad merge field in ${site.where}: ${why}`)];
    };
    if (action.kind === "notify_user") return [...liquid("subject", action.subject), ...liquid("body", action.body)];
    if (action.kind !== "webhook") return [];
    const body = stringsIn(action.body ?? {}).flatMap((s) => liquid(`body.${s.path}`, s.source));
    const headers = Object.entries(action.headers ?? {}).flatMap(([name, value]) => {
      if (!HEADER_NAME.test(name)) return [problemAt(site, `headers.${name}`, `"${name}" is not a valid HTTP header name`)];
      if (RESERVED.has(name.toLowerCase())) return [problemAt(site, `headers.${name}`, `"${name}" is set by Parcours on every webhook`)];
      if (/[\r\n\0]/.test(value)) return [problemAt(site, `headers.${name}`, "a header value may not contain line breaks")];
      return [];
    });
    return [...body, ...headers];
  });
}
