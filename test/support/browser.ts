import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import type { Config } from "../../src/config.js";
import { startTestApp, type TestApp } from "./harness.js";

const WEB_DIST = path.resolve(import.meta.dirname, "../../web/dist/index.html");

/** Debian's Chromium (package `chromium`, installed by .ci/run), or PARCOURS_TEST_CHROMIUM. */
const CHROMIUM = process.env.PARCOURS_TEST_CHROMIUM ?? "/usr/bin/chromium";
const required = process.env.PARCOURS_TEST_BROWSER === "required";

/**
 * Whether the browser suite runs: without Chromium it is skipped with one line, unless
 * PARCOURS_TEST_BROWSER=required (CI), which makes that an error.
 */
export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  if (required) throw new Error(`PARCOURS_TEST_BROWSER=required but there is no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  console.log(`Browser suite skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; PARCOURS_TEST_BROWSER=required makes this an error)`);
  return false;
}

/** Headless Chromium with the flags this machine's closed network needs (no background connections). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Where screenshots go: test-results/ui (kept by CI as artifacts, ignored by git). */
export const ARTIFACTS = path.resolve(import.meta.dirname, "../../test-results/ui");

/** Collects what the page logs as errors (console.error and uncaught exceptions): the UI must log none. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/** A screenshot of the whole page, named for the screen. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A real server on a loopback port, Chromium, and a page signed in as the first admin. */
export interface UiSession {
  t: TestApp;
  browser: Browser;
  page: Page;
  base: string;
  /** What the page logged as errors so far (the UI must log none). */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Starts the app (SQLite: the UI does not depend on the store), creates the first admin through
 * the setup endpoint from the page itself (so the session cookie is the browser's), and opens
 * `#/<screen>` signed in.
 */
export async function openSignedIn(screen = "", overrides: Partial<Config> = {}): Promise<UiSession> {
  if (!fs.existsSync(WEB_DIST)) throw new Error("the UI is not built: `npm test` builds it first (npm run build:web)");
  const t = await startTestApp("sqlite", overrides);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = consoleErrors(page);
  await page.goto(`${base}/#/${screen}`);
  const status = await page.evaluate(async () => {
    const res = await fetch("/api/v1/auth/setup", {
      method: "POST",
      headers: { "content-type": "application/json", "x-parcours-csrf": "1" },
      body: JSON.stringify({ email: "ada@acme.test", name: "Ada", password: "correct horse battery" }),
    });
    return res.status;
  });
  if (status !== 201) throw new Error(`the first admin could not be created (${status})`);
  await page.reload();
  return {
    t,
    browser,
    page,
    base,
    errors,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
