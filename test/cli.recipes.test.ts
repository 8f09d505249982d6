import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/processes.js";

/** `parcours recipes` as an operator runs it, on SQLite in a temporary data folder. */
describe("parcours recipes", { timeout: 300_000 }, () => {
  let dir: string;
  const env = () => ({ PARCOURS_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "", LOG_LEVEL: "warn" });
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "parcours-recipes-"));
    // The workspace and a user to hand leads to, as a new install gets them.
    expect((await runCli(["users", "create", "--email", "rep@cli.test", "--role", "marketer"], env())).code).toBe(0);
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("lists the recipes, starters first, and narrows them by words or channel", async () => {
    const all = await runCli(["recipes", "list"], env());
    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split("\n");
    expect(lines[0]).toBe("lead-magnet-autoresponder\temail\tLead-magnet auto-responder — Get the resource read");
    expect(lines[1]).toMatch(/^nurturing-sequence\temail\tNurturing sequence — /);
    const found = await runCli(["recipes", "list", "--search", "nurturing MQL"], env());
    expect(found.stdout.trim().split("\n").map((l) => l.split("\t")[0])).toContain("nurturing-sequence");
    expect(found.stdout).not.toContain("lead-magnet-autoresponder");
    const bad = await runCli(["recipes", "list", "--channel", "fax"], env());
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("must be one of email, sms, in_app, slack, webhook, owner");
  });

  it("shows what a recipe is for and what creating it makes", async () => {
    const res = await runCli(["recipes", "show", "nurturing-sequence"], env());
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("Nurturing sequence (nurturing-sequence, starter-2)");
    expect(res.stdout).toContain("Goal: Turn leads into marketing-qualified leads");
    expect(res.stdout).toContain('  list "nurturing_simple" (reused if it exists)');
    expect(res.stdout).toContain('  workflow "Nurturing sequence" (draft, to review and publish)');
    const missing = await runCli(["recipes", "show", "no-such-recipe"], env());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('parcours: no recipe "no-such-recipe"\n');
  });

  it("creates a recipe as drafts and prints the ids; a bad param names itself", async () => {
    const first = await runCli(["recipes", "create", "nurturing-sequence"], env());
    expect(first.stderr).toBe("");
    const made = JSON.parse(first.stdout);
    expect(made).toMatchObject({ recipeId: "nurturing-sequence", workflows: [{ key: "main", name: "Nurturing sequence" }], lists: [{ key: "nurturing", name: "nurturing_simple", reused: false }] });
    expect(made.templates).toHaveLength(3);
    const bad = await runCli(["recipes", "create", "nurturing-sequence", "--param", "owner=rep@cli.test"], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("params.owner: this recipe takes no such param");
  });
});
