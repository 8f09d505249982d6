import type { TemplateOut } from "../../../src/schemas/template.js";
import type { FieldError } from "../api.js";
import { errorOf, Labelled } from "../templates/labelled.js";
import { nextVariantId, type FormState, type VariantState } from "./form-state.js";
import { SpanField } from "./span-field.js";

/**
 * An A/B test: 2 to 5 variants, each changing the subject, the template or both; a share of the
 * audience gets them, and after the test's duration the best by unique opens or clicks goes to the rest.
 */
export function AbTestFields({ form, set, errors, templates }: { form: FormState; set: (patch: Partial<FormState>) => void; errors: readonly FieldError[]; templates: TemplateOut[] }) {
  const setVariant = (i: number, patch: Partial<VariantState>) => set({ variants: form.variants.map((v, j) => (j === i ? { ...v, ...patch } : v)) });
  return (
    <fieldset className="bc-section">
      <legend>A/B test</legend>
      <label className="bc-check">
        <input type="checkbox" checked={form.abTest} onChange={(e) => set({ abTest: e.target.checked })} /> Test variants of the subject or the template on a sample first
      </label>
      {form.abTest && (
        <>
          {errorOf(errors, "abTest.variants") && !form.variants.some((_, i) => errorOf(errors, `abTest.variants.${i}`)) && (
            <p className="tp-field-error" role="alert">
              {errorOf(errors, "abTest.variants")}
            </p>
          )}
          <ol className="bc-variants">
            {form.variants.map((v, i) => (
              <li key={i} className="bc-variant">
                <strong>Variant {v.id}</strong>
                <Labelled label={`Variant ${v.id} subject`} error={errorOf(errors, `abTest.variants.${i}.subject`) ?? errorOf(errors, `abTest.variants.${i}.id`)} hint="Empty: the template's subject">
                  {(c) => <input {...c} value={v.subject} onChange={(e) => setVariant(i, { subject: e.target.value })} />}
                </Labelled>
                <Labelled label={`Variant ${v.id} template`} error={errorOf(errors, `abTest.variants.${i}.templateId`)}>
                  {(c) => (
                    <select {...c} value={v.templateId} onChange={(e) => setVariant(i, { templateId: e.target.value })}>
                      <option value="">The broadcast's template</option>
                      {templates.map((t) => (
                        <option key={t.id} value={t.id}>
                          {t.name}
                        </option>
                      ))}
                    </select>
                  )}
                </Labelled>
                {errors.some((e) => e.field === `abTest.variants.${i}`) && (
                  <small className="tp-field-error" role="alert">
                    {errors.find((e) => e.field === `abTest.variants.${i}`)!.message}
                  </small>
                )}
                {form.variants.length > 2 && (
                  <button type="button" className="link" onClick={() => set({ variants: form.variants.filter((_, j) => j !== i) })}>
                    Remove variant {v.id}
                  </button>
                )}
              </li>
            ))}
          </ol>
          {form.variants.length < 5 && (
            <button type="button" className="secondary" onClick={() => set({ variants: [...form.variants, { id: nextVariantId(form.variants), subject: "", templateId: "" }] })}>
              Add a variant
            </button>
          )}
          <div className="bc-row">
            <Labelled label="Sample size (% of the audience)" error={errorOf(errors, "abTest.samplePercent")} hint="Split evenly across the variants">
              {(c) => <input {...c} type="number" min={1} max={100} value={form.samplePercent} onChange={(e) => set({ samplePercent: e.target.valueAsNumber })} />}
            </Labelled>
            <Labelled label="Winner by" error={errorOf(errors, "abTest.metric")}>
              {(c) => (
                <select {...c} value={form.metric} onChange={(e) => set({ metric: e.target.value as FormState["metric"] })}>
                  <option value="opens">Most unique opens</option>
                  <option value="clicks">Most unique clicks</option>
                </select>
              )}
            </Labelled>
            <SpanField label="Test duration" value={form.duration} onChange={(duration) => set({ duration })} error={errorOf(errors, "abTest.duration")} />
          </div>
        </>
      )}
    </fieldset>
  );
}
