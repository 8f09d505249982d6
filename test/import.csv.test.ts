import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORT_BATCH_ROWS, importContactsCsv } from "../src/ingest/index.js";
import { selectPropertyDefinitions } from "../src/store/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

const csvHeaders = { "content-type": "text/csv; charset=utf-8" };

describe.each(dialects)("CSV import on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const importCsv = (csv: string, query = "") => t.request("POST", `/api/v1/imports${query}`, { body: csv, headers: csvHeaders });
  const byEmail = async (email: string) => (await t.request("GET", `/api/v1/contacts/lookup?email=${encodeURIComponent(email)}`)).body;
  const timeline = async (id: string) => (await t.request("GET", `/api/v1/contacts/${id}/timeline?limit=100`)).body.data as { name: string; properties: Record<string, unknown> }[];

  it("imports rows with a mapping, tags for the file and a list, typing new columns from their first value", async () => {
    const list = await t.request("POST", "/api/v1/lists", { body: { name: "Spring fair" } });
    const csv = [
      "Email,First Name,Age,VIP,Signed Up,Company name,Notes",
      "ada@example.com,Ada,36,true,2025-03-01,Acme,",
      "Bob@Example.com,Bob,41,false,2025-04-15,Globex,likes tea",
    ].join("\n");
    const mapping = encodeURIComponent(JSON.stringify({ "Company name": "company", Notes: null }));
    const res = await importCsv(csv, `?mapping=${mapping}&tags=csv,spring&listId=${list.body.id}&source=fair.csv`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "completed", source: "fair.csv", created: 2, updated: 0, skipped: 0, rejected: 0, rejections: [], error: null });
    expect(res.body.columns).toEqual([
      { column: "Email", target: "email" },
      { column: "First Name", target: "properties.first_name" },
      { column: "Age", target: "properties.age" },
      { column: "VIP", target: "properties.vip" },
      { column: "Signed Up", target: "properties.signed_up" },
      { column: "Company name", target: "properties.company" },
      { column: "Notes", target: null },
    ]);
    expect(res.body.finishedAt).not.toBeNull();

    const ada = await byEmail("ada@example.com");
    expect(ada).toMatchObject({
      properties: { first_name: "Ada", age: 36, vip: true, signed_up: "2025-03-01T00:00:00.000Z", company: "Acme" },
      tags: ["csv", "spring"],
    });
    const bob = await byEmail("bob@example.com");
    expect(bob.properties).toEqual({ first_name: "Bob", age: 41, vip: false, signed_up: "2025-04-15T00:00:00.000Z", company: "Globex" });
    const types = new Map((await selectPropertyDefinitions(t.deps.db, t.workspaceId)).map((d) => [d.name, d.type]));
    expect(Object.fromEntries(["first_name", "age", "vip", "signed_up", "company"].map((n) => [n, types.get(n)]))).toEqual({
      first_name: "string",
      age: "number",
      vip: "boolean",
      signed_up: "date",
      company: "string",
    });
    expect(types.has("notes")).toBe(false);

    const members = await t.request("GET", `/api/v1/lists/${list.body.id}/members`);
    expect(members.body.data.map((c: { email: string }) => c.email).sort()).toEqual(["ada@example.com", "bob@example.com"]);

    const events = await timeline(ada.id);
    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(["contact.created", "tag.added", "list.joined"]));
    expect(events.find((e) => e.name === "contact.created")!.properties.source).toEqual({ channel: "import", importId: res.body.id });

    const stored = await t.request("GET", `/api/v1/imports/${res.body.id}`);
    expect(stored.body).toEqual(res.body);
    const page = await t.request("GET", "/api/v1/imports?limit=10");
    expect(page.body.data.map((r: { id: string }) => r.id)).toContain(res.body.id);
  });

  it("dedupes by email, case-insensitively, against existing contacts and within the file", async () => {
    const known = await t.request("POST", "/api/v1/contacts", { body: { email: "known@dedupe.test", properties: { plan: "free" } } });
    const csv = ["email,plan,city", "KNOWN@dedupe.test,pro,", "new@dedupe.test,,Lyon", "New@Dedupe.test,team,"].join("\n");
    const res = await importCsv(csv);
    expect(res.body).toMatchObject({ created: 1, updated: 2, rejected: 0 });

    const updated = await byEmail("known@dedupe.test");
    expect(updated.id).toBe(known.body.id);
    expect(updated.properties).toEqual({ plan: "pro" });
    const changes = (await timeline(known.body.id)).filter((e) => e.name === "property.changed");
    expect(changes[0]!.properties).toEqual({ property: "plan", old: "free", new: "pro" });
    const importEvents = (await timeline(known.body.id)).filter((e) => e.name === "import.contact");
    expect(importEvents.map((e) => e.properties)).toEqual([{ importId: res.body.id, created: false }]);

    // The second row of new@ updated the contact its first row created; its empty cell unset nothing.
    const created = await byEmail("new@dedupe.test");
    expect(created.properties).toEqual({ plan: "team", city: "Lyon" });
    const list = await t.request("GET", "/api/v1/contacts?q=dedupe.test");
    expect(list.body.data).toHaveLength(2);
  });

  it("rejects bad rows with their spreadsheet row number and reason, and imports the good ones", async () => {
    await importCsv("email,score_pts\nseed@rows.test,10");
    const csv = [
      "email,score_pts,name", // row 1
      "good1@rows.test,1,Good One", // 2
      "not-an-email,2,Bad Email", // 3
      "wrong@rows.test,many,Wrong Type", // 4
      ",4,No Email", // 5
      "ragged@rows.test,5", // 6
      "", // 7: blank, passed over
      'quote@rows.test,6,"Bad "quote" here"', // 8
      "good2@rows.test,7,Good Two", // 9
    ].join("\n");
    const res = await importCsv(csv);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "completed", created: 2, updated: 0, rejected: 5 });
    expect(res.body.rejections).toEqual([
      { row: 3, field: "email", reason: '"not-an-email" is not a valid email address' },
      { row: 4, field: "score_pts", reason: 'must be a number, got "many"' },
      { row: 5, field: "email", reason: "has no email" },
      { row: 6, reason: "has 2 cells where the header has 3 columns" },
      { row: 8, reason: expect.stringContaining("quoted cell") },
    ]);
    expect((await byEmail("good1@rows.test")).properties).toEqual({ score_pts: 1, name: "Good One" });
    expect((await byEmail("good2@rows.test")).properties).toEqual({ score_pts: 7, name: "Good Two" });
    expect((await t.request("GET", "/api/v1/contacts/lookup?email=wrong@rows.test")).status).toBe(404);
  });

  it("maps columns to contact fields, and refuses an external id that belongs to another contact", async () => {
    await t.request("POST", "/api/v1/contacts", { body: { email: "owner@fields.test", externalId: "u-1" } });
    const csv = [
      "mail,user id,stage,points,tz,labels",
      "one@fields.test,u-2,Lead,12.5,Europe/Paris,a; b",
      "two@fields.test,u-1,customer,3,UTC,",
      "three@fields.test,,nope,3,UTC,",
      "four@fields.test,,,,Mars/Base,",
    ].join("\n");
    const mapping = encodeURIComponent(JSON.stringify({ stage: "lifecycleStage", points: "score", tz: "timezone", labels: "tags" }));
    const res = await importCsv(csv, `?emailColumn=mail&externalIdColumn=user%20id&mapping=${mapping}`);
    expect(res.body).toMatchObject({ created: 1, rejected: 3 });
    expect(res.body.rejections).toEqual([
      { row: 3, field: "user id", reason: 'external id "u-1" belongs to another contact (owner@fields.test)' },
      { row: 4, field: "stage", reason: '"nope" is not a lifecycle stage of this workspace' },
      { row: 5, field: "tz", reason: '"Mars/Base" is not an IANA time zone (such as Europe/Paris)' },
    ]);
    expect(await byEmail("one@fields.test")).toMatchObject({ externalId: "u-2", lifecycleStage: "lead", score: 12.5, timezone: "Europe/Paris", tags: ["a", "b"], properties: {} });
  });

  it("leaves known contacts alone when updateExisting is false", async () => {
    await t.request("POST", "/api/v1/contacts", { body: { email: "keep@skip.test", properties: { tier: "gold" } } });
    const res = await importCsv("email,tier\nkeep@skip.test,silver\nfresh@skip.test,bronze\nFRESH@skip.test,iron", "?updateExisting=false");
    expect(res.body).toMatchObject({ created: 1, updated: 0, skipped: 2, rejected: 0 });
    expect((await byEmail("keep@skip.test")).properties).toEqual({ tier: "gold" });
    expect((await byEmail("fresh@skip.test")).properties).toEqual({ tier: "bronze" });
  });

  it("keeps a declared string type for values that look like dates or numbers", async () => {
    const types = encodeURIComponent(JSON.stringify({ code: "string", zip: "string" }));
    const res = await importCsv("email,code,zip\ndeclared@types.test,2026-01-01,75001", `?types=${types}`);
    expect(res.body.created).toBe(1);
    expect((await byEmail("declared@types.test")).properties).toEqual({ code: "2026-01-01", zip: "75001" });
    const again = await importCsv("email,code\nother@types.test,not a date");
    expect(again.body).toMatchObject({ created: 1, rejected: 0 });
  });

  it("refuses bad options before reading the file, naming the query parameter", async () => {
    const unknownList = await importCsv("email\nx@opts.test", "?listId=nope");
    expect(unknownList.status).toBe(400);
    expect(unknownList.headers["content-type"]).toContain("application/problem+json");
    expect(unknownList.body.errors).toEqual([{ field: "query.listId", message: 'no list "nope" in this workspace' }]);

    const badJson = await importCsv("email\nx@opts.test", "?mapping=%7Bnope");
    expect(badJson.status).toBe(400);
    expect(badJson.body.errors[0].field).toBe("query.mapping");

    const noEmail = await importCsv("name\nAda", "");
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.errors[0].field).toBe("query.emailColumn");

    const unknownColumn = await importCsv("email,name\nx@opts.test,X", `?mapping=${encodeURIComponent('{"nom":"name"}')}`);
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.errors).toEqual([{ field: "query.mapping.nom", message: 'no column "nom" in the header' }]);

    const badType = await importCsv("email,age\nx@opts.test,3", `?types=${encodeURIComponent('{"age":"text"}')}`);
    expect(badType.status).toBe(400);
    expect(badType.body.errors[0].field).toMatch(/^query\.types/);

    const json = await t.request("POST", "/api/v1/imports", { body: { email: "x@opts.test" } });
    expect(json.status).toBe(415);
    expect(json.body.detail).toContain("text/csv");
    const form = await t.request("POST", "/api/v1/imports", { body: "email\nx@opts.test", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
    const empty = await importCsv("");
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: "body", message: "the file is empty; its first line must name the columns" }]);
    expect((await t.request("GET", "/api/v1/contacts/lookup?email=x@opts.test")).status).toBe(404);
  });

  it("refuses a body announced as larger than the import limit", async () => {
    const res = await t.request("POST", "/api/v1/imports", { body: "email\nbig@limit.test\n", headers: { ...csvHeaders, "content-length": String(3 * 1024 ** 3) } });
    expect(res.status).toBe(413);
    expect(res.headers["content-type"]).toContain("application/problem+json");
  });

  it("documents the import and export routes in the OpenAPI document", async () => {
    const paths = (await t.request("GET", "/docs/json", { auth: null })).body.paths as Record<string, Record<string, { summary?: string; security?: unknown }>>;
    for (const [path, method] of [
      ["/api/v1/imports", "post"],
      ["/api/v1/imports", "get"],
      ["/api/v1/imports/{id}", "get"],
      ["/api/v1/exports/contacts.csv", "get"],
    ] as const) {
      expect(paths[path]?.[method]?.summary, `${method} ${path}`).toBeTruthy();
      expect(paths[path]![method]!.security).toEqual([{ secretKey: [] }]);
    }
  });

  it("marks the import failed when the upload breaks off, keeping the batches already committed", async () => {
    async function* brokenFile() {
      yield "email\n";
      let chunk = "";
      for (let i = 0; i < IMPORT_BATCH_ROWS; i++) chunk += `cut${i}@broken.test\n`;
      yield chunk;
      yield "cut-last@broken.test\n";
      throw new Error("connection reset");
    }
    await expect(importContactsCsv(t.deps, t.workspaceId, Readable.from(brokenFile()), { source: "broken.csv" })).rejects.toThrow("connection reset");
    const [report] = (await t.request("GET", "/api/v1/imports?limit=1")).body.data;
    expect(report).toMatchObject({ source: "broken.csv", status: "failed", created: IMPORT_BATCH_ROWS, error: expect.stringContaining("unexpected error") });
    expect(report.finishedAt).not.toBeNull();
    expect((await t.request("GET", "/api/v1/contacts/lookup?email=cut0@broken.test")).status).toBe(200);
    expect((await t.request("GET", "/api/v1/contacts/lookup?email=cut-last@broken.test")).status).toBe(404);
  });

  it("keeps one contact per email when two imports of the same people run at once", async () => {
    const csv = ["email,wave", ...Array.from({ length: 300 }, (_, i) => `twin${i}@race.test,1`)].join("\n");
    const reports = await Promise.all([0, 1].map(() => importContactsCsv(t.deps, t.workspaceId, Readable.from([csv]), {})));
    expect(reports.map((r) => r.created + r.updated)).toEqual([300, 300]);
    expect(reports[0]!.created + reports[1]!.created).toBe(300);
    const { n } = await t.deps.db
      .selectFrom("contacts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("workspace_id", "=", t.workspaceId)
      .where("email", "like", "twin%@race.test")
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(300);
  });

  it("imports a 20,000-row file streamed in batches", async () => {
    const rows = 20_000;
    async function* file() {
      yield "email,n,even\n";
      for (let i = 0; i < rows; i += 1000) {
        let chunk = "";
        for (let j = i; j < i + 1000; j++) chunk += `bulk${j}@many.test,${j},${j % 2 === 0}\n`;
        yield chunk;
      }
    }
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/imports?tags=bulk",
      headers: { authorization: `Bearer ${t.secretKey}`, "content-type": "text/csv" },
      payload: Readable.from(file()),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ created: rows, updated: 0, rejected: 0 });
    const { n } = await t.deps.db
      .selectFrom("contact_tags")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("workspace_id", "=", t.workspaceId)
      .where("tag", "=", "bulk")
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(rows);
    expect((await byEmail("bulk19999@many.test")).properties).toEqual({ n: 19999, even: false });
  });
});
