import { ValidationError, type FieldProblem } from "../core/index.js";
import type { Deps } from "../deps.js";
import { PROPERTY_NAME } from "../contacts/index.js";
import type { FormDefinition, FormField } from "../schemas/form.js";
import { selectPropertyDefinitions, selectTemplate, selectTopic } from "../store/index.js";

/** Field types that cannot fill a property of each recorded type (text-like fields are parsed as the type when submitted). */
const INCOMPATIBLE: Partial<Record<FormField["type"], Set<string>>> = {
  checkbox: new Set(["number", "date"]),
  number: new Set(["boolean", "date"]),
};

/**
 * Checks what the schema cannot: the consent topic and the confirmation template exist in the
 * workspace (an email one), mapped properties are property names whose recorded type the field
 * can give. Problems name `definition.<path>`.
 */
export async function checkDefinition(deps: Deps, workspaceId: string, d: FormDefinition): Promise<void> {
  const problems: FieldProblem[] = [];
  const types = new Map((await selectPropertyDefinitions(deps.db, workspaceId)).map((p) => [p.name, p.type]));
  d.fields.forEach((f, i) => {
    if (f.property === undefined || f.property === "email") return;
    const field = `definition.fields.${i}.property`;
    if (!PROPERTY_NAME.test(f.property)) {
      problems.push({ field, message: "property names start with a letter or _ and hold only letters, digits, _, - and . (at most 100)" });
      return;
    }
    const type = types.get(f.property);
    if (type && INCOMPATIBLE[f.type]?.has(type)) problems.push({ field, message: `the contact property ${JSON.stringify(f.property)} is a ${type}; a ${f.type} field cannot set it` });
  });
  if (d.consent && !(await selectTopic(deps.db, workspaceId, d.consent.topicId))) {
    problems.push({ field: "definition.consent.topicId", message: `no topic ${JSON.stringify(d.consent.topicId)} in this workspace` });
  }
  const templateId = d.doubleOptIn?.templateId;
  if (templateId !== undefined) {
    const template = await selectTemplate(deps.db, deps.dialect, workspaceId, templateId);
    if (!template) problems.push({ field: "definition.doubleOptIn.templateId", message: `no template ${JSON.stringify(templateId)} in this workspace` });
    else if (template.channel !== "email") problems.push({ field: "definition.doubleOptIn.templateId", message: `template ${JSON.stringify(templateId)} is an ${template.channel} template, not an email one` });
  }
  if (problems.length) throw new ValidationError(problems);
}
