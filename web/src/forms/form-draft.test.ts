import { describe, expect, it } from "vitest";
import { FormDefinition } from "../../../src/schemas/form.js";
import { definitionOf, draftOf, newFormDraft } from "./form-draft.js";

/** The example of docs/forms.md: every kind of field, consent, double opt-in, a redirect, origins. */
const example = FormDefinition.parse({
  version: 1,
  title: "Get the 2026 benchmark",
  description: "Two lines\nof text",
  fields: [
    { name: "email", label: "Work email", type: "email", property: "email", required: true },
    { name: "first_name", label: "First name", type: "text", property: "first_name", required: true, placeholder: "Ada" },
    { name: "employees", label: "Company size", type: "number", property: "employees" },
    { name: "role", label: "Role", type: "select", property: "role", options: [{ value: "marketing", label: "Marketing" }, { value: "sales", label: "sales" }, { value: "it", label: "it" }] },
    { name: "campaign", label: "Campaign", type: "hidden", property: "lead_source", value: "guide-2026" },
    { name: "notes", label: "Anything else?", type: "textarea" },
  ],
  consent: { topicId: "topic_1", label: "Send me new guides", required: true },
  doubleOptIn: { subject: "Confirm your address", message: "Check your inbox" },
  success: { redirectUrl: "https://www.example.com/guide/thanks" },
  submitLabel: "Get it",
  allowedOrigins: ["https://www.example.com", "https://blog.example.com"],
});

describe("the form editor's draft", () => {
  it("gives back the definition it was made from", () => {
    expect(FormDefinition.parse(definitionOf(draftOf("Guide", example)))).toEqual(example);
  });

  it("starts a new form with the email field every form needs, which the API accepts", () => {
    const definition = FormDefinition.parse(definitionOf(newFormDraft()));
    expect(definition.fields).toEqual([{ name: "email", label: "Email", type: "email", required: true, property: "email" }]);
    expect(definition.success).toEqual({ message: "Thank you!" });
  });

  it("leaves out what is switched off or empty, so the server's defaults apply", () => {
    const draft = draftOf("Guide", example);
    draft.consent.enabled = false;
    draft.doubleOptIn.enabled = false;
    draft.title = " ";
    draft.success = { kind: "message", message: "Thanks!", redirectUrl: "https://ignored.example.com" };
    draft.allowedOrigins = "\n https://www.example.com \n\n";
    draft.fields[3]!.options = "a | Option A\nb\n";
    const d = definitionOf(draft);
    expect(d).not.toHaveProperty("consent");
    expect(d).not.toHaveProperty("doubleOptIn");
    expect(d).not.toHaveProperty("title");
    expect(d.success).toEqual({ message: "Thanks!" });
    expect(d.allowedOrigins).toEqual(["https://www.example.com"]);
    expect(d.fields[3]!.options).toEqual([{ value: "a", label: "Option A" }, { value: "b", label: "b" }]);
  });
});
