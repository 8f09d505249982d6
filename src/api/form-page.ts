import type { FieldProblem } from "../core/index.js";
import { CONSENT, HONEYPOT, VISITOR, type PublicForm } from "../forms/index.js";
import type { FormDefinition, FormField } from "../schemas/form.js";
import { escapeHtml, PAGE_HEADERS, page } from "./preference-page.js";

/** What the person typed (shown again with the errors) and what was wrong, by field name. */
export interface FormState {
  values?: Record<string, unknown>;
  problems?: FieldProblem[];
}

const STYLE = `input[type=text], input[type=email], input[type=number], select, textarea { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: .4rem; margin-top: .25rem; border: 1px solid #888; border-radius: 4px; }
.error { color: #a00; display: block; }
[aria-invalid=true] { border-color: #a00; }
.errors { background: #fdeeee; border-left: 4px solid #a00; padding: .5rem 1rem; }
.required { color: #a00; }`;

/** Hides the honeypot from people (sighted or not) without `display: none`, which some bots skip. */
const HIDDEN = "position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden";

/**
 * The hosted page: the form with a label on every control, values and errors escaped, no
 * script. After a refused submission it shows the errors next to their fields, with a summary.
 */
export function hostedFormPage(form: PublicForm, action: string, state: FormState = {}): string {
  const d = form.definition;
  const title = d.title ?? form.name;
  const summary = state.problems?.length
    ? `<div class="errors" role="alert"><p><strong>The form could not be sent:</strong></p><ul>${state.problems.map((p) => `<li>${escapeHtml(labelOf(d, p.field))}: ${escapeHtml(p.message)}</li>`).join("")}</ul></div>`
    : "";
  const body = `<h1>${escapeHtml(title)}</h1>
${d.description ? `<p>${escapeHtml(d.description).replace(/\r?\n/g, "<br>")}</p>` : ""}
${summary}
${formElement(form, action, "pf", state)}`;
  return page(title, body, STYLE);
}

/** A page saying one thing (thanks, check your inbox, a bad link). */
export function formMessagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p role="status">${escapeHtml(message)}</p>`);
}

/** The page a confirmation link opens: a button, so that mail scanners fetching links confirm nothing. */
export function confirmPage(form: PublicForm, action: string): string {
  const title = form.definition.title ?? form.name;
  return page(
    "Confirm your email address",
    `<h1>Confirm your email address</h1>
<p>You asked to sign up through the form “${escapeHtml(title)}”. Confirm that this address is yours:</p>
<form method="post" action="${escapeHtml(action)}"><p><button type="submit">Confirm my email address</button></p></form>`,
  );
}

/**
 * The embeddable snippet: the same `<form>` posting to the public endpoint (it works without
 * script), and a small inline script that posts it with fetch, shows the answer in place and the
 * errors next to their fields.
 */
export function embedSnippet(form: PublicForm, action: string): string {
  const id = `parcours-form-${form.id}`;
  return `${formElement(form, action, `pf-${form.id}`, {}, id)}
<script>
(function () {
  var form = document.getElementById(${JSON.stringify(id)});
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector("[data-parcours-status]");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    [].forEach.call(form.querySelectorAll("[data-parcours-error]"), function (el) { el.textContent = ""; });
    [].forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) { el.removeAttribute("aria-invalid"); });
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        button.disabled = false;
        if (res.ok && res.body.redirectUrl) { window.location.href = res.body.redirectUrl; return; }
        if (res.ok) { form.reset(); status.textContent = res.body.message; return; }
        var errors = res.body.errors || [];
        errors.forEach(function (p) {
          var name = String(p.field).replace(/^fields\\./, "");
          var el = form.querySelector('[data-parcours-error="' + name + '"]');
          if (el) el.textContent = p.message;
          var input = form.elements[name];
          if (input && input.setAttribute) input.setAttribute("aria-invalid", "true");
        });
        status.textContent = errors.length ? "Please correct the fields marked." : (res.body.detail || "The form could not be sent.");
      })
      .catch(function () { button.disabled = false; status.textContent = "The form could not be sent; please try again."; });
  });
})();
</script>
`;
}

/**
 * Headers of the hosted pages: those of the preference page, framed only by Parcours's own pages
 * (the Forms screen previews a form in a sandboxed frame; other sites embed the snippet), with the
 * form's redirect target allowed as a form action (browsers apply `form-action` to the redirect
 * after a post). The referrer policy is `same-origin`, not `no-referrer`: under `no-referrer`
 * browsers send `Origin: null` with the page's own post, which the origin check must refuse.
 */
export function formPageHeaders(definition?: FormDefinition): Record<string, string> {
  const redirect = definition && "redirectUrl" in definition.success ? new URL(definition.success.redirectUrl).origin : undefined;
  let csp = PAGE_HEADERS["content-security-policy"].replace("frame-ancestors 'none'", "frame-ancestors 'self'");
  if (redirect) csp = csp.replace("form-action 'self'", `form-action 'self' ${redirect}`);
  return { ...PAGE_HEADERS, "referrer-policy": "same-origin", "content-security-policy": csp };
}

function formElement(form: PublicForm, action: string, prefix: string, state: FormState, elementId?: string): string {
  const d = form.definition;
  const errors = new Map<string, string>();
  for (const p of state.problems ?? []) errors.set(p.field.replace(/^fields\./, ""), p.message);
  const values = state.values ?? {};
  const controls = d.fields.map((f) => control(f, `${prefix}-${f.name}`, values[f.name], errors.get(f.name)));
  if (d.consent) {
    const c = d.consent;
    controls.push(checkbox(`${prefix}-${CONSENT}`, CONSENT, c.label, c.required, isTicked(values[CONSENT]), errors.get(CONSENT)));
  }
  const honeypot = `<div aria-hidden="true" style="${HIDDEN}"><label for="${prefix}-${HONEYPOT}">Leave this field empty</label><input type="text" id="${prefix}-${HONEYPOT}" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>`;
  // A link from a tracked site (the tracking script adds `_aid`) carries the browser's anonymous id on to the submission.
  const visitor = values[VISITOR];
  if (typeof visitor === "string" && visitor) controls.push(`<input type="hidden" name="${VISITOR}" value="${escapeHtml(visitor)}">`);
  return `<form method="post" action="${escapeHtml(action)}" accept-charset="utf-8"${elementId ? ` id="${escapeHtml(elementId)}" class="parcours-form"` : ""}>
${controls.join("\n")}
${honeypot}
<p><button type="submit">${escapeHtml(d.submitLabel)}</button></p>
<p data-parcours-status role="status" aria-live="polite"></p>
</form>`;
}

function control(f: FormField, id: string, value: unknown, error: string | undefined): string {
  if (f.type === "hidden") return `<input type="hidden" name="${escapeHtml(f.name)}" value="${escapeHtml(text(value) ?? f.value ?? "")}">`;
  if (f.type === "checkbox") return checkbox(id, f.name, f.label, f.required, value === undefined ? f.value !== undefined && isTicked(f.value) : isTicked(value), error);
  const current = text(value) ?? f.value ?? "";
  const attrs = [`id="${escapeHtml(id)}"`, `name="${escapeHtml(f.name)}"`, ...(f.required || f.property === "email" ? ["required"] : []), ...describedBy(id, error)];
  if (f.placeholder && f.type !== "select") attrs.push(`placeholder="${escapeHtml(f.placeholder)}"`);
  let input: string;
  if (f.type === "textarea") input = `<textarea ${attrs.join(" ")} rows="4">${escapeHtml(current)}</textarea>`;
  else if (f.type === "select") {
    const options = f.options!.map((o) => `<option value="${escapeHtml(o.value)}"${o.value === current ? " selected" : ""}>${escapeHtml(o.label)}</option>`);
    input = `<select ${attrs.join(" ")}><option value="">${escapeHtml(f.placeholder ?? "Choose…")}</option>${options.join("")}</select>`;
  } else {
    const type = f.type === "email" ? "email" : f.type === "number" ? "number" : "text";
    const extra = f.type === "email" ? ' autocomplete="email"' : f.type === "number" ? ' step="any"' : "";
    input = `<input type="${type}" ${attrs.join(" ")} value="${escapeHtml(current)}"${extra}>`;
  }
  return `<p><label for="${escapeHtml(id)}">${escapeHtml(f.label)}${requiredMark(f.required || f.property === "email")}</label>${input}${errorText(id, f.name, error)}</p>`;
}

function checkbox(id: string, name: string, label: string, required: boolean, checked: boolean, error: string | undefined): string {
  const attrs = [`type="checkbox"`, `id="${escapeHtml(id)}"`, `name="${escapeHtml(name)}"`, `value="true"`, ...(checked ? ["checked"] : []), ...(required ? ["required"] : []), ...describedBy(id, error)];
  return `<p><input ${attrs.join(" ")}> <label for="${escapeHtml(id)}">${escapeHtml(label)}${requiredMark(required)}</label>${errorText(id, name, error)}</p>`;
}

function describedBy(id: string, error: string | undefined): string[] {
  return error ? [`aria-invalid="true"`, `aria-describedby="${escapeHtml(id)}-error"`] : [];
}

function errorText(id: string, name: string, error: string | undefined): string {
  return `<span class="error" id="${escapeHtml(id)}-error" data-parcours-error="${escapeHtml(name)}">${error ? escapeHtml(error) : ""}</span>`;
}

function requiredMark(required: boolean): string {
  return required ? ' <span class="required" aria-hidden="true">*</span>' : "";
}

function labelOf(d: FormDefinition, field: string): string {
  const name = field.replace(/^fields\./, "");
  if (name === CONSENT && d.consent) return d.consent.label;
  return d.fields.find((f) => f.name === name)?.label ?? field;
}

function text(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === "string" || typeof v === "number" ? String(v) : undefined;
}

function isTicked(value: unknown): boolean {
  const v = text(value) ?? (value === true ? "true" : undefined);
  return v !== undefined && !["", "false", "off", "no", "0"].includes(v.toLowerCase());
}
