import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Builds the tracking script into web/dist-tracker/t.js (served at /t.js): one small IIFE, no chunks. */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: path.resolve(here, "../../../web/dist-tracker"),
    emptyOutDir: true,
    target: "es2018",
    lib: { entry: path.join(here, "tracker.ts"), formats: ["iife"], name: "parcoursTracker", fileName: () => "t.js" },
  },
});
