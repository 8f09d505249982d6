import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

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
