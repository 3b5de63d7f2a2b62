import { defineConfig } from "vitest/config";

// Unit tests live beside the code; end-to-end tests in tests/e2e run through their own config.
export default defineConfig({
  test: {
    include: ["{agents,app,config,emulator,extensions,mcp,server,scripts,tests}/**/*.test.{ts,tsx}"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});
