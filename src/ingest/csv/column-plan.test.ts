import { describe, expect, it } from "vitest";
import { ValidationError } from "../../core/index.js";
import { planColumns, toSnakeCase } from "./column-plan.js";
import { inferTextType } from "./row-values.js";

const problems = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.problems;
    throw err;
  }
  throw new Error("expected a ValidationError");
};

describe("planColumns", () => {
  it("sends the email column to email and every other column to a lower_snake_case property", () => {
    const plan = planColumns(["E-Mail", "First Name", "signUpDate", "Prénom", "2024 revenue", ""], { emailColumn: "E-Mail" }, new Map());
    expect(plan.report).toEqual([
      { column: "E-Mail", target: "email" },
      { column: "First Name", target: "properties.first_name" },
      { column: "signUpDate", target: "properties.sign_up_date" },
      { column: "Prénom", target: "properties.prenom" },
      { column: "2024 revenue", target: "properties._2024_revenue" },
      { column: "", target: null },
    ]);
    expect(plan.width).toBe(6);
    expect(plan.email.index).toBe(0);
  });

  it("finds the email column in any case and follows the mapping, null skipping a column", () => {
    const plan = planColumns(["EMAIL", "Stage", "Notes", "Co"], { mapping: { Stage: "lifecycleStage", Notes: null, Co: "properties.company" } }, new Map());
    expect(plan.report.map((c) => c.target)).toEqual(["email", "lifecycleStage", null, "properties.company"]);
  });

  it("reads an exported file back: contact columns to fields, read-only ones skipped, properties by name", () => {
    const header = ["id", "email", "externalId", "lifecycleStage", "score", "ownerId", "timezone", "tags", "createdAt", "firstName", "properties.score"];
    expect(planColumns(header, {}, new Map()).report.map((c) => c.target)).toEqual([
      null,
      "email",
      "externalId",
      "lifecycleStage",
      "score",
      null,
      "timezone",
      "tags",
      null,
      "properties.firstName",
      "properties.score",
    ]);
  });

  it("reports every problem at once, each naming its option", () => {
    expect(
      problems(() =>
        planColumns(["email", "name", " name ", "a b", "A-B"], { mapping: { nom: "x", name: "bad name!" }, types: { ghost: "number" } }, new Map()),
      ),
    ).toEqual([
      { field: "header", message: 'column "name" appears more than once' },
      { field: "mapping.nom", message: 'no column "nom" in the header' },
      { field: "mapping.name", message: expect.stringContaining('"bad name!" is not a property name') },
      { field: "header", message: 'columns "a b" and "A-B" both go to properties.a_b; map one elsewhere' },
      { field: "types.ghost", message: 'no column "ghost" imported as a property' },
    ]);
  });

  it("refuses a declared type that contradicts the recorded one, and a missing email column", () => {
    expect(problems(() => planColumns(["email", "age"], { types: { age: "string" } }, new Map([["age", "number"]])))).toEqual([
      { field: "types.age", message: "property age is already a number; a property's type never changes" },
    ]);
    expect(problems(() => planColumns(["mail"], {}, new Map()))[0]!.field).toBe("emailColumn");
    expect(problems(() => planColumns(["mail"], { emailColumn: "courriel" }, new Map()))).toEqual([{ field: "emailColumn", message: 'no column "courriel" in the header' }]);
  });
});

describe("toSnakeCase", () => {
  it("splits words and camel case, drops accents and punctuation", () => {
    expect(["HTMLParser", "  Zip / Postal code ", "already_snake", "Ünïcode"].map(toSnakeCase)).toEqual(["html_parser", "zip_postal_code", "already_snake", "unicode"]);
  });
});

describe("inferTextType", () => {
  it("types a new column from its first value, keeping codes that only look numeric as strings", () => {
    const cases: [string, string][] = [
      ["42", "number"],
      ["-3.5", "number"],
      ["1e3", "number"],
      ["TRUE", "boolean"],
      ["2026-03-01", "date"],
      ["2026-03-01T10:00:00Z", "date"],
      ["01000", "string"],
      ["+33612345678", "string"],
      ["1234567890123456", "string"],
      ["yes", "string"],
      ["Acme", "string"],
    ];
    expect(cases.map(([text]) => [text, inferTextType(text)])).toEqual(cases);
  });
});
