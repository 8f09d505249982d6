import type { ParsedMail } from "mailparser";
import { expect } from "vitest";
import type { TestApp } from "./harness.js";

/** Hours and days in ms, for the test clock. */
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/** Moves the test clock forward (0: runs what is due now) through the public API. */
export async function advanceClock(t: TestApp, ms = 0): Promise<void> {
  const res = await t.request("POST", "/api/v1/test-clock/advance", { body: { ms } });
  expect(res.status, res.text).toBe(200);
}

/** Creates a recipe through the API with `params`, then publishes each of its workflows; answers what it created. */
export async function createAndPublishRecipe(t: TestApp, recipeId: string, params: Record<string, unknown> = {}): Promise<{ workflows: { key: string; id: string }[]; references: Record<string, string> }> {
  const created = await t.request("POST", `/api/v1/recipes/${recipeId}/create`, { body: { params } });
  expect(created.status, created.text).toBe(201);
  for (const w of created.body.workflows) {
    const published = await t.request("POST", `/api/v1/workflows/${w.id}/publish`);
    expect(published.status, published.text).toBe(200);
  }
  return created.body;
}

/** The links of an email's HTML part: where each goes (entities decoded) and its text. */
export function linksOf(mail: ParsedMail): { href: string; text: string }[] {
  return [...String(mail.html).matchAll(/<a\b[^>]*\bhref="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: m[1]!.replace(/&amp;/g, "&"),
    text: m[2]!.replace(/<[^>]*>/g, "").trim(),
  }));
}

/**
 * Clicks, as the recipient would, the link of `mail` whose text is `text`: through the real
 * tracked redirect (/t/c/…), which records the click. Answers where the redirect led.
 */
export async function clickLink(t: TestApp, mail: ParsedMail, text: string): Promise<string> {
  const link = linksOf(mail).find((l) => l.text === text);
  if (!link) throw new Error(`no link "${text}" in "${mail.subject}" (links: ${linksOf(mail).map((l) => l.text).join(", ")})`);
  const url = new URL(link.href);
  expect(url.pathname, "the link is tracked").toMatch(/^\/t\/c\//);
  const res = await t.request("GET", url.pathname + url.search, { auth: null });
  expect(res.status).toBe(302);
  return String(res.headers.location);
}
