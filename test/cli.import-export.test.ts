import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/processes.js";

/** `parcours import` and `parcours export` as a user runs them, on SQLite in a temporary data folder. */
describe("parcours import / export", () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "parcours-cli-"));
    env = { PARCOURS_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "", LOG_LEVEL: "info" };
    // Creates the default workspace, as a first `parcours serve` would.
    expect((await runCli(["keys", "create", "--kind", "secret"], env)).code).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };

  it("imports a file, printing the report as JSON on stdout, and exits 0 despite rejected rows", async () => {
    const csv = file("people.csv", "E-mail,Full name,Seats\nada@cli.test,Ada Lovelace,3\nnot-an-email,Nobody,1\nbob@cli.test,Bob,2\n");
    const res = await runCli(["import", csv, "--email-column", "E-mail", "--map", "Full name=name", "--tag", "cli", "--tag", "2026"], env);
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report).toMatchObject({ status: "completed", source: "people.csv", created: 2, updated: 0, rejected: 1 });
    expect(report.rejections).toEqual([{ row: 3, field: "E-mail", reason: '"not-an-email" is not a valid email address' }]);
    // Logs are JSON lines on stderr, never mixed into the report.
    expect(res.stderr).toContain('"msg":"import finished"');
  });

  it("exports the filtered contacts as CSV to stdout or to a file", async () => {
    const res = await runCli(["export", "--tag", "cli"], env);
    expect(res.code).toBe(0);
    const rows = parse(res.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.email, r.name, r.seats, r.tags])).toEqual([
      ["ada@cli.test", "Ada Lovelace", "3", "2026;cli"],
      ["bob@cli.test", "Bob", "2", "2026;cli"],
    ]);
    expect(res.stderr).toContain("exported 2 contacts");

    const out = path.join(dir, "out.csv");
    expect((await runCli(["export", "--tag", "nobody", "-o", out], env)).code).toBe(0);
    expect(fs.readFileSync(out, "utf8").trim()).toBe("id,email,externalId,lifecycleStage,score,ownerId,timezone,tags,createdAt,name,seats");
  });

  it("fails with a message and no report on bad options", async () => {
    const csv = file("plain.csv", "email\nx@cli.test\n");
    for (const args of [
      ["import", csv, "--list", "no such list"],
      ["import", csv, "--email-column", "mail"],
      ["import", path.join(dir, "missing.csv")],
      ["import", csv, "--map", "nonsense"],
      ["export", "--stage", "astronaut"],
    ]) {
      const res = await runCli(args, env);
      expect(res.code, args.join(" ")).not.toBe(0);
      expect(res.stdout, args.join(" ")).toBe("");
      expect(res.stderr, args.join(" ")).not.toBe("");
    }
    const check = await runCli(["export"], env);
    expect(check.stdout).not.toContain("x@cli.test");
  });
});
