import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/api/index.js";
import { openRuntime } from "../src/runtime.js";
import { dialects, startTestApp, testConfig, type TestApp, type TestResponse } from "./support/harness.js";
import { BIN } from "./support/processes.js";

// Cheap hashes keep the suite fast; src/users/password.test.ts covers the real parameters.
const CHEAP_SCRYPT = { cost: 10, blockSize: 8, parallelization: 1 };
const DAY = 24 * 60 * 60 * 1000;
const ADMIN = { email: "Ada@Example.com", name: "Ada", password: "correct horse battery" };

/** `pc_session=…` from a response's Set-Cookie. */
function cookieOf(res: TestResponse): string {
  const header = String(res.headers["set-cookie"] ?? "");
  const match = /^pc_session=([^;]*)/.exec(header);
  if (!match?.[1]) throw new Error(`no session cookie in ${JSON.stringify(header)}`);
  return `pc_session=${match[1]}`;
}

/** Request options for a browser signed in with `cookie`: no API key, the UI's CSRF header. */
function as(cookie: string, more: { body?: unknown; csrf?: boolean; headers?: Record<string, string> } = {}) {
  return {
    auth: null,
    headers: { cookie, ...(more.csrf === false ? {} : { "x-parcours-csrf": "1" }), ...more.headers },
    ...(more.body === undefined ? {} : { body: more.body }),
  };
}

describe.each(dialects)("sign-in and sessions on %s", (dialect) => {
  let t: TestApp;
  let admin: string;
  const login = (email: string, password: string) => t.request("POST", "/api/v1/auth/login", { auth: null, body: { email, password } });
  const signedIn = async (email: string, password: string) => {
    const res = await login(email, password);
    expect(res.status).toBe(200);
    return cookieOf(res);
  };
  const addUser = async (email: string, role: string, password = "a long enough password") => {
    const res = await t.request("POST", "/api/v1/users", { body: { email, role, password } });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, cookie: await signedIn(email, password) };
  };

  beforeAll(async () => {
    t = await startTestApp(dialect, { scrypt: CHEAP_SCRYPT });
  });
  afterAll(async () => t?.close());

  it("creates the first admin once, turning an existing owner into it, then refuses with 409", async () => {
    const owner = await t.request("POST", "/api/v1/users", { body: { email: "ada@example.com", role: "marketer" } });
    expect(owner.body).toMatchObject({ hasPassword: false });
    expect((await t.request("GET", "/api/v1/auth/setup", { auth: null })).body).toEqual({ needed: true });

    const short = await t.request("POST", "/api/v1/auth/setup", { auth: null, body: { ...ADMIN, password: "too short" } });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([{ field: "password", message: "must be at least 10 characters long" }]);

    const res = await t.request("POST", "/api/v1/auth/setup", { auth: null, body: ADMIN });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      user: { id: owner.body.id, email: "ada@example.com", name: "Ada", role: "admin", hasPassword: true },
      workspace: { id: t.workspaceId, name: "default" },
    });
    const setCookie = String(res.headers["set-cookie"]);
    expect(setCookie).toMatch(/^pc_session=[\w-]{43}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=2592000$/);
    admin = cookieOf(res);

    expect((await t.request("GET", "/api/v1/auth/setup", { auth: null })).body).toEqual({ needed: false });
    const again = await t.request("POST", "/api/v1/auth/setup", { auth: null, body: { ...ADMIN, email: "mallory@example.com" } });
    expect(again.status).toBe(409);
    expect(again.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("signs in with an HttpOnly SameSite cookie that reaches /api/v1 as the user", async () => {
    const res = await login("ADA@example.com", ADMIN.password);
    expect(res.status).toBe(200);
    expect(String(res.headers["set-cookie"])).toMatch(/HttpOnly; SameSite=Lax; Path=\//);
    const cookie = cookieOf(res);
    const me = await t.request("GET", "/api/v1/auth/me", as(cookie));
    expect(me.body).toMatchObject({ user: { email: "ada@example.com", role: "admin" }, workspace: { name: "default" }, session: { expiresAt: new Date(t.clock.now() + 14 * DAY).toISOString() } });
    expect((await t.request("GET", "/api/v1/contacts", as(cookie))).status).toBe(200);
    expect((await t.request("GET", "/api/v1/contacts", { auth: null })).status).toBe(401);
  });

  it("answers a wrong password and an unknown email with the same 401", async () => {
    const wrong = await login("ada@example.com", "not the password at all");
    const unknown = await login("nobody@example.com", "not the password at all");
    const noPassword = await t.request("POST", "/api/v1/users", { body: { email: "owner-only@example.com" } });
    const ownerOnly = await login(noPassword.body.email, "not the password at all");
    for (const res of [wrong, unknown, ownerOnly]) {
      expect(res.status).toBe(401);
      expect(res.headers["set-cookie"]).toBeUndefined();
      expect({ ...res.body, instance: undefined }).toEqual({ ...wrong.body, instance: undefined });
    }
    expect(wrong.body.detail).toBe("wrong email or password");
  });

  it("holds back an address after 5 failed sign-ins for one email, for 15 minutes", async () => {
    await addUser("target@example.com", "marketer", "target password 1");
    for (let i = 0; i < 5; i++) expect((await login("target@example.com", `guess number ${i}`)).status).toBe(401);
    const held = await login("Target@example.com", "target password 1");
    expect(held.status).toBe(429);
    expect(held.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(held.headers["retry-after"]).toBe("900");
    // Other emails from the same address are not held back by this one.
    expect((await login("ada@example.com", ADMIN.password)).status).toBe(200);
    t.clock.advance(15 * 60 * 1000);
    expect((await login("target@example.com", "target password 1")).status).toBe(200);
  });

  it("gives a session the user's role: read_only only reads, marketer cannot manage keys, users or settings", async () => {
    const reader = await addUser("reader@example.com", "read_only");
    const marketer = await addUser("marketer@example.com", "marketer");

    expect((await t.request("GET", "/api/v1/contacts", as(reader.cookie))).status).toBe(200);
    const readerPost = await t.request("POST", "/api/v1/contacts", as(reader.cookie, { body: { email: "c1@example.com" } }));
    expect(readerPost.status).toBe(403);
    expect(readerPost.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(readerPost.body.detail).toBe("changing anything needs the marketer role; you are signed in as read_only");

    expect((await t.request("POST", "/api/v1/contacts", as(marketer.cookie, { body: { email: "c2@example.com" } }))).status).toBe(201);
    const keys = await t.request("GET", "/api/v1/keys", as(marketer.cookie));
    expect(keys.status).toBe(403);
    expect(keys.body.detail).toBe("managing API keys needs the admin role; you are signed in as marketer");
    for (const [method, url, body] of [
      ["POST", "/api/v1/keys", { kind: "secret" }],
      ["POST", "/api/v1/users", { email: "x@example.com" }],
      ["POST", `/api/v1/users/${reader.id}/password`, { password: "another long one" }],
      ["PUT", "/api/v1/workspace/sending-policy", {}],
      ["POST", "/api/v1/workspace/webhook-secret/rotate", undefined],
      ["GET", "/api/v1/workspace/webhook-secret", undefined],
    ] as const) {
      const res = await t.request(method, url, as(marketer.cookie, { body }));
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(res.body.detail).toMatch(/needs the admin role/);
    }
    expect((await t.request("GET", "/api/v1/users", as(marketer.cookie))).status).toBe(200);

    expect((await t.request("GET", "/api/v1/keys", as(admin))).status).toBe(200);
    expect((await t.request("PUT", "/api/v1/workspace/sending-policy", as(admin, { body: {} }))).status).toBe(200);
    // A secret key keeps full access, whatever cookie comes with it.
    expect((await t.request("GET", "/api/v1/keys", { headers: { cookie: reader.cookie } })).status).toBe(200);

    // A new role applies to sessions already open.
    expect((await t.request("PATCH", `/api/v1/users/${marketer.id}`, as(admin, { body: { role: "read_only" } }))).status).toBe(200);
    expect((await t.request("POST", "/api/v1/contacts", as(marketer.cookie, { body: { email: "c3@example.com" } }))).status).toBe(403);
  });

  it("requires a JSON body or the x-parcours-csrf header for writes signed in by cookie", async () => {
    const url = "/api/v1/workspace/webhook-secret/rotate";
    const bare = await t.request("POST", url, as(admin, { csrf: false }));
    expect(bare.status).toBe(403);
    expect(bare.body.detail).toMatch(/Content-Type: application\/json or the header x-parcours-csrf: 1/);
    const form = await t.request("POST", "/api/v1/contacts", as(admin, { csrf: false, body: "email=c4%40example.com", headers: { "content-type": "application/x-www-form-urlencoded" } }));
    expect(form.status).toBe(403);
    const text = await t.request("POST", "/api/v1/auth/logout", as(admin, { csrf: false, body: "x", headers: { "content-type": "text/plain" } }));
    expect(text.status).toBe(403);
    expect((await t.request("POST", url, as(admin))).status).toBe(200);
    expect((await t.request("POST", "/api/v1/contacts", as(admin, { csrf: false, body: { email: "c5@example.com" } }))).status).toBe(201);
    // API keys are not cookies: no header needed.
    expect((await t.request("POST", url)).status).toBe(200);
  });

  it("ends the session on logout", async () => {
    const cookie = await signedIn("ada@example.com", ADMIN.password);
    const out = await t.request("POST", "/api/v1/auth/logout", as(cookie));
    expect(out.status).toBe(204);
    expect(String(out.headers["set-cookie"])).toMatch(/^pc_session=; HttpOnly; SameSite=Lax; Path=\/; Max-Age=0$/);
    expect((await t.request("GET", "/api/v1/contacts", as(cookie))).status).toBe(401);
    const me = await t.request("GET", "/api/v1/auth/me", as(cookie));
    expect(me.status).toBe(401);
    expect(me.body.detail).toBe("your session has ended: sign in again");
  });

  it("ends a session after 14 idle days, and 30 days after sign-in however used", async () => {
    const idle = await signedIn("ada@example.com", ADMIN.password);
    const busy = await signedIn("ada@example.com", ADMIN.password);
    t.clock.advance(13 * DAY);
    expect((await t.request("GET", "/api/v1/contacts", as(busy))).status).toBe(200);
    t.clock.advance(1 * DAY + 1);
    expect((await t.request("GET", "/api/v1/contacts", as(idle))).status).toBe(401);
    expect((await t.request("GET", "/api/v1/contacts", as(busy))).status).toBe(200);
    t.clock.advance(13 * DAY);
    expect((await t.request("GET", "/api/v1/contacts", as(busy))).status).toBe(200);
    t.clock.advance(3 * DAY);
    expect((await t.request("GET", "/api/v1/contacts", as(busy))).status).toBe(401);
    admin = await signedIn("ada@example.com", ADMIN.password);
  });

  it("stores only hashes: scrypt for passwords, SHA-256 of the token for sessions", async () => {
    const res = await login("ada@example.com", ADMIN.password);
    const token = cookieOf(res).slice("pc_session=".length);
    const user = await t.deps.db.selectFrom("users").select("password_hash").where("email", "=", "ada@example.com").executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^scrypt\$10\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(user.password_hash).not.toContain(ADMIN.password);
    const sessions = await t.deps.db.selectFrom("user_sessions").selectAll().execute();
    expect(sessions.some((s) => s.id === token)).toBe(false);
    expect(sessions.some((s) => s.id === createHash("sha256").update(token).digest("hex"))).toBe(true);
  });

  it("lets users change their own password, ending their other sessions", async () => {
    const { cookie } = await addUser("changer@example.com", "marketer", "first password here");
    const other = await signedIn("changer@example.com", "first password here");
    const wrong = await t.request("POST", "/api/v1/auth/password", as(cookie, { body: { currentPassword: "not it at all", newPassword: "second password here" } }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: "currentPassword", message: "is not your current password" }]);
    const short = await t.request("POST", "/api/v1/auth/password", as(cookie, { body: { currentPassword: "first password here", newPassword: "short" } }));
    expect(short.body.errors).toEqual([{ field: "newPassword", message: "must be at least 10 characters long" }]);
    expect((await t.request("POST", "/api/v1/auth/password", as(cookie, { body: { currentPassword: "first password here", newPassword: "second password here" } }))).status).toBe(204);
    expect((await t.request("GET", "/api/v1/auth/me", as(cookie))).status).toBe(200);
    expect((await t.request("GET", "/api/v1/auth/me", as(other))).status).toBe(401);
    expect((await login("changer@example.com", "first password here")).status).toBe(401);
    expect((await login("changer@example.com", "second password here")).status).toBe(200);
  });

  it("lets admins set a user's password, which signs the user out everywhere", async () => {
    const { id, cookie } = await addUser("forgetful@example.com", "marketer", "forgotten password");
    const short = await t.request("POST", `/api/v1/users/${id}/password`, as(admin, { body: { password: "123" } }));
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([{ field: "password", message: "must be at least 10 characters long" }]);
    expect((await t.request("POST", "/api/v1/users/nope/password", as(admin, { body: { password: "a fine password" } }))).status).toBe(404);
    expect((await t.request("POST", `/api/v1/users/${id}/password`, as(admin, { body: { password: "a fresh password" } }))).status).toBe(204);
    expect((await t.request("GET", "/api/v1/auth/me", as(cookie))).status).toBe(401);
    expect((await login("forgetful@example.com", "a fresh password")).status).toBe(200);
    expect((await t.request("GET", `/api/v1/users/${id}`)).body).toMatchObject({ hasPassword: true });
  });

  it("keeps the workspace's last admin who can sign in", async () => {
    const me = await t.request("GET", "/api/v1/auth/me", as(admin));
    const demote = await t.request("PATCH", `/api/v1/users/${me.body.user.id}`, as(admin, { body: { role: "marketer" } }));
    expect(demote.status).toBe(409);
    expect(demote.body.errors).toEqual([{ field: "role", message: expect.stringContaining("last admin who can sign in") }]);
    expect((await t.request("DELETE", `/api/v1/users/${me.body.user.id}`, as(admin))).status).toBe(409);
    const second = await addUser("second-admin@example.com", "admin");
    expect((await t.request("PATCH", `/api/v1/users/${second.id}`, as(admin, { body: { role: "marketer" } }))).status).toBe(200);
  });

  it("ends the sessions of a deleted user", async () => {
    const { id, cookie } = await addUser("leaver@example.com", "marketer");
    expect((await t.request("DELETE", `/api/v1/users/${id}`, as(admin))).status).toBe(204);
    expect((await t.request("GET", "/api/v1/contacts", as(cookie))).status).toBe(401);
  });
});

describe("parcours users create --password-stdin", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "parcours-users-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[], stdin: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: "warn", PARCOURS_DATA_DIR: dir, DATABASE_URL: "" } });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.once("exit", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });

  it("creates an admin who can sign in, and refuses a short password", async () => {
    const short = await cli(["users", "create", "--email", "ops@example.com", "--role", "admin", "--password-stdin"], "short\n");
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("password: must be at least 10 characters long");
    const res = await cli(["users", "create", "--email", "Ops@Example.com", "--name", "Ops", "--role", "admin", "--password-stdin"], "operator password\n");
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ email: "ops@example.com", name: "Ops", role: "admin", hasPassword: true });

    const runtime = await openRuntime(testConfig("sqlite", { dataDir: dir }), { logTo: 2 });
    const app = await createApp(runtime.deps);
    try {
      const setup = await app.inject({ method: "GET", url: "/api/v1/auth/setup" });
      expect(setup.json()).toEqual({ needed: false });
      const login = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "ops@example.com", password: "operator password" } });
      expect(login.statusCode).toBe(200);
      expect(login.json()).toMatchObject({ user: { role: "admin" }, workspace: { name: "default" } });
    } finally {
      await app.close();
      await runtime.close();
    }
  });
});
