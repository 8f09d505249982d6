import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = path.dirname(fileURLToPath(import.meta.url));
// `vite --config web/vite.config.ts` during development talks to a server started with `npm run dev`.
const api = "http://localhost:3000";

export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: path.join(root, "dist"), emptyOutDir: true },
  server: { proxy: Object.fromEntries(["/api", "/v1", "/healthz", "/metrics", "/docs"].map((p) => [p, api])) },
});
