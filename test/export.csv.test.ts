import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertWorkspace } from "../src/store/index.js";
import { createApiKey } from "../src/workspaces/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const FIXED = ["id", "email", "externalId", "lifecycleStage", "score", "ownerId", "timezone", "tags", "createdAt"];

describe.each(dialects)("CSV export on %s", (dialect) => {
  let t: TestApp;
  let listId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    listId = (await t.request("POST", "/api/v1/lists", { body: { name: "Webinar" } })).body.id;
    const contacts = [
      { email: "ada@export.test", externalId: "u-ada", properties: { company: "Acme, Inc.", seats: 12, trial: true, renews: "2026-06-01", score: 7 }, tags: ["vip", "beta"], lifecycleStage: "customer", timezone: "Europe/Paris" },
      { email: "bob@export.test", properties: { company: 'Say "hi"\nlater', seats: 3 }, tags: ["beta"], lifecycleStage: "lead", score: 4.5 },
      { email: "cy@export.test", tags: ["other"], lifecycleStage: "lead" },
    ];
    for (const body of contacts) {
      const { body: c } = await t.request("POST", "/api/v1/contacts", { body });
      if (body.email !== "cy@export.test") await t.request("POST", `/api/v1/lists/${listId}/members`, { body: { contactIds: [c.id] } });
    }
  });
  afterAll(async () => t?.close());

  const exportCsv = async (query = "") => {
    const res = await t.request("GET", `/api/v1/exports/contacts.csv${query}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    return parse(res.text, { columns: true }) as Record<string, string>[];
  };

  it("writes the contact columns, then one per property, for the contacts a filter selects", async () => {
    const res = await t.request("GET", "/api/v1/exports/contacts.csv?tag=beta");
    const [header] = parse(res.text, { to: 1 }) as string[][];
    expect(header).toEqual([...FIXED, "company", "renews", "properties.score", "seats", "trial"]);
    const rows = await exportCsv("?tag=beta");
    expect(rows.map((r) => r.email)).toEqual(["ada@export.test", "bob@export.test"]);
    expect(rows[0]).toMatchObject({
      externalId: "u-ada",
      lifecycleStage: "customer",
      score: "0",
      timezone: "Europe/Paris",
      tags: "beta;vip",
      company: "Acme, Inc.",
      seats: "12",
      trial: "true",
      renews: "2026-06-01T00:00:00.000Z",
      "properties.score": "7",
    });
    expect(rows[1]).toMatchObject({ score: "4.5", company: 'Say "hi"\nlater', trial: "", renews: "" });
  });

  it("applies the filters of the contact list", async () => {
    expect((await exportCsv("?lifecycleStage=lead")).map((r) => r.email)).toEqual(["bob@export.test", "cy@export.test"]);
    expect((await exportCsv(`?listId=${listId}`)).map((r) => r.email)).toEqual(["ada@export.test", "bob@export.test"]);
    expect((await exportCsv("?q=cy@")).map((r) => r.email)).toEqual(["cy@export.test"]);
    expect(await exportCsv("?tag=nobody")).toEqual([]);
    const bad = await t.request("GET", "/api/v1/exports/contacts.csv?colour=red");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("query.colour");
  });

  it("round-trips: an export imports as is into another workspace", async () => {
    const csv = (await t.request("GET", "/api/v1/exports/contacts.csv?tag=beta")).text;
    const other = await insertWorkspace(t.deps.db, { id: t.deps.ids(), name: `copy-${dialect}`, createdAt: t.clock.now() });
    const { key } = await createApiKey(t.deps, other.id, "secret");
    const imported = await t.request("POST", "/api/v1/imports", { body: csv, headers: { "content-type": "text/csv" }, auth: key });
    expect(imported.body).toMatchObject({ created: 2, rejected: 0 });
    expect(imported.body.columns.slice(0, FIXED.length).map((c: { target: string | null }) => c.target)).toEqual([
      null,
      "email",
      "externalId",
      "lifecycleStage",
      "score",
      null,
      "timezone",
      "tags",
      null,
    ]);

    const copy = parse((await t.request("GET", "/api/v1/exports/contacts.csv", { auth: key })).text, { columns: true }) as Record<string, string>[];
    const strip = ({ id: _id, createdAt: _at, ...rest }: Record<string, string>) => rest;
    expect(copy.map(strip)).toEqual((await exportCsv("?tag=beta")).map(strip));
  });

  it("requires a secret key", async () => {
    expect((await t.request("GET", "/api/v1/exports/contacts.csv", { auth: t.writeKey })).status).toBe(403);
  });
});
