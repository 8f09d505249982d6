import fs from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { TRACKER_SCRIPT_PATH } from "../src/site-tracking/index.js";

/** The promise made to sites that include the script: it stays under 5 KB over the wire. */
const MAX_GZIPPED_BYTES = 5 * 1024;

describe("the web tracking script as built", () => {
  it("is under 5 KB gzipped", () => {
    if (!fs.existsSync(TRACKER_SCRIPT_PATH)) throw new Error("the tracking script is not built: `npm test` builds it first (npm run build:web)");
    const script = fs.readFileSync(TRACKER_SCRIPT_PATH);
    const gzipped = gzipSync(script, { level: 9 }).length;
    console.log(`t.js: ${script.length} bytes, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThan(MAX_GZIPPED_BYTES);
  });

  it("leaves nothing in the page's global scope but window.parcours", () => {
    const source = fs.readFileSync(TRACKER_SCRIPT_PATH, "utf8").trim();
    expect(source.startsWith("(function(){")).toBe(true);
    expect(source.endsWith("})();")).toBe(true);
  });
});
