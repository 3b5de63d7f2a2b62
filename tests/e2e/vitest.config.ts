import { defineConfig } from "vitest/config";

// Browser tests against the built app in local mode (run by scripts/test.sh after `remix vite:build`).
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
