import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "web/src/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default is one worker per CPU less one: a single worker on our 2-core machines.
    // Most test time is waiting (PostgreSQL, SMTP, child processes, browsers), so three overlap it.
    maxWorkers: 3,
  },
});
