import { describe, expect, it } from "vitest";
import { FormDefinition, type FormDefinitionIn } from "../schemas/form.js";
import { isHoneypotFilled, propertiesOf, readSubmission } from "./submission-values.js";

const form = (extra: Partial<FormDefinitionIn> = {}) =>
  FormDefinition.parse({
    version: 1,
    fields: [
      { name: "email", label: "Email", type: "email", property: "email" },
      { name: "size", label: "Size", type: "number", property: "employees" },
      { name: "optin", label: "Beta", type: "checkbox", property: "beta" },
      { name: "plan", label: "Plan", type: "select", options: [{ value: "pro", label: "Pro" }], property: "plan" },
      { name: "start", label: "Start", type: "text", property: "start" },
      { name: "src", label: "Source", type: "hidden", value: "default-src" },
    ],
    ...extra,
  });

describe("reading a submission", () => {
  it("types the values, fills hidden defaults, ignores undeclared fields and takes a repeated name's first value", () => {
    const read = readSubmission(form(), { email: [" Ada@Example.COM ", "x@y.z"], size: "40", optin: "on", plan: "pro", start: " 2026-03-01 ", other: "x" });
    expect(read).toEqual({
      ok: true,
      submitted: { values: { email: "ada@example.com", size: 40, optin: true, plan: "pro", start: "2026-03-01", src: "default-src" }, email: "ada@example.com", consent: false },
    });
  });

  it("takes JSON numbers and booleans; an absent or false-ish checkbox is false", () => {
    for (const optin of [undefined, false, "false", "0", "off", ""]) {
      const read = readSubmission(form(), { email: "a@b.co", size: 3, optin });
      expect(read.ok && read.submitted.values).toEqual({ email: "a@b.co", size: 3, optin: false, src: "default-src" });
    }
  });

  it("names each bad field: the email (always required), required fields, numbers, choices, the consent box", () => {
    const d = form({
      fields: [...form().fields, { name: "agree", label: "Terms", type: "checkbox", required: true }],
      consent: { topicId: "t", label: "News", required: true },
    });
    expect(readSubmission(d, { size: "1e", plan: "free", start: { x: 1 } })).toEqual({
      ok: false,
      problems: [
        { field: "fields.email", message: "is required" },
        { field: "fields.size", message: 'must be a number, got "1e"' },
        { field: "fields.plan", message: 'must be one of "pro"' },
        { field: "fields.start", message: "must be text or a number" },
        { field: "fields.agree", message: "must be ticked" },
        { field: "fields._consent", message: "must be ticked" },
      ],
    });
  });

  it("sees a filled honeypot", () => {
    expect(isHoneypotFilled({ _hp: "" })).toBe(false);
    expect(isHoneypotFilled({ _hp: "  " })).toBe(false);
    expect(isHoneypotFilled({})).toBe(false);
    expect(isHoneypotFilled({ _hp: "http://spam" })).toBe(true);
  });
});

describe("the properties a submission sets", () => {
  const values = { email: "a@b.co", size: 40, optin: true, plan: "pro", start: "2026-03-01" };

  it("keeps the field's type for a property not yet typed: text stays text", () => {
    expect(propertiesOf(form(), values, () => undefined)).toEqual({ properties: { employees: 40, beta: true, plan: "pro", start: "2026-03-01" }, problems: [] });
  });

  it("parses values as the property's recorded type, naming the field when one does not fit", () => {
    const types = new Map([["start", "date"], ["employees", "string"], ["plan", "number"]] as const);
    expect(propertiesOf(form(), values, (name) => types.get(name as "start"))).toEqual({
      properties: { employees: "40", beta: true, start: "2026-03-01T00:00:00.000Z" },
      problems: [{ field: "fields.plan", message: 'must be a number, got "pro" (it sets the contact property "plan", a number)' }],
    });
  });
});
