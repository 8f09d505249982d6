import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, runCli, startServer } from "./support/processes.js";

describe("parcours serve on the embedded SQLite default", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parcours-serve-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("starts with one command, prints a secret key once, serves API, docs, metrics and UI, and keeps data across restarts", async () => {
    const port = String(await freePort());
    const env = { PORT: port, PARCOURS_DATA_DIR: dataDir };
    const base = `http://127.0.0.1:${port}`;

    const first = await startServer(env);
    const key = /pc_sk_[A-Za-z0-9_-]+/.exec(first.stdout())?.[0];
    expect(key).toBeDefined();
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok", database: "sqlite" });
    expect((await fetch(`${base}/docs/json`)).ok).toBe(true);
    expect(await (await fetch(`${base}/metrics`)).text()).toContain("parcours_http_requests_total");
    expect((await fetch(`${base}/`)).headers.get("content-type")).toContain("text/html");
    const created = await fetch(`${base}/api/v1/contacts`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ email: "first@example.com" }),
    });
    expect(created.status).toBe(201);
    await first.stop();
    expect(fs.existsSync(path.join(dataDir, "parcours.db"))).toBe(true);

    const second = await startServer(env);
    expect(second.stdout()).not.toContain("pc_sk_");
    const found = await fetch(`${base}/api/v1/contacts/lookup?email=first@example.com`, { headers: { authorization: `Bearer ${key}` } });
    expect(found.status).toBe(200);
    await second.stop();
  });

  it("`keys create` prints the new key alone on stdout, and `migrate` succeeds", async () => {
    const env = { PARCOURS_DATA_DIR: dataDir };
    expect((await runCli(["migrate"], env)).code).toBe(0);
    const made = await runCli(["keys", "create", "--kind", "write", "--workspace", "shop"], env);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^pc_wk_[A-Za-z0-9_-]+\n$/);
    const bad = await runCli(["keys", "create", "--kind", "admin"], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("must be write or secret");
  });
});
