import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where `npm run build:web` writes the tracking script (src/site-tracking/script, built by Vite). */
export const TRACKER_SCRIPT_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist-tracker/t.js");

/** The built tracking script and its ETag. */
export interface TrackerScript {
  body: Buffer;
  etag: string;
}

let cached: TrackerScript | undefined;

/** The built script, read once; undefined while it is not built (a later call looks again). */
export async function trackerScript(): Promise<TrackerScript | undefined> {
  if (cached) return cached;
  const body = await fs.readFile(TRACKER_SCRIPT_PATH).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  if (!body) return undefined;
  cached = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
  return cached;
}

/** The tag a site pastes in its pages, with a placeholder for its write key. */
export function trackingSnippet(baseUrl: string): string {
  return `<script async src="${scriptUrl(baseUrl)}" data-key="YOUR_WRITE_KEY"></script>`;
}

/** Where the script is served. */
export function scriptUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/t.js`;
}
