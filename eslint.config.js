// ESLint (flat config): TypeScript rules, no import cycles, and the architecture's boundaries:
// agents/ is business logic and never imports a surface (app/, mcp/) or a UI/web framework.
import js from "@eslint/js";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

const surfacePackages = [
  "react",
  "react-dom",
  "react/*",
  "@remix-run/*",
  "@shopify/polaris",
  "@shopify/polaris/*",
  "@shopify/polaris-viz",
  "@shopify/app-bridge-react",
  "@shopify/shopify-app-remix",
  "@shopify/shopify-app-remix/*",
  "@ai-sdk/react",
];

// Outside emulator/, the emulator is the workspace package @royal-equips/emulator: its entry points
// ("@royal-equips/emulator", "/seed", "/testing"), never a relative path into its files.
const emulatorInternals = {
  regex: "^(\\./|(\\.\\./)+)emulator(/|$)",
  message: 'Import the emulator through its package: "@royal-equips/emulator" (or "/seed", "/testing").',
};

export default tseslint.config(
  {
    ignores: [
      "**/*.tmp.ts",
      "node_modules/",
      "build/",
      ".cache/",
      "public/build/",
      "extensions/*/dist/",
      "coverage/",
      "test-results/",
      ".data/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser }, ecmaVersion: 2023, sourceType: "module" },
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".tsx", ".js", ".mjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".tsx", ".js", ".mjs", ".json"] })],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
      ],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    files: ["agents/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: surfacePackages, message: "agents/ holds business logic only: no UI or web framework imports." },
            {
              group: ["**/app/**", "**/app", "**/mcp/**", "**/mcp", "~/*"],
              message: "agents/ must not import a surface (app/ or mcp/); pass what it needs through the tool context.",
            },
            emulatorInternals,
          ],
        },
      ],
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./agents", from: "./app", message: "agents/ must not import app/." },
            { target: "./agents", from: "./mcp", message: "agents/ must not import mcp/." },
            { target: "./agents", from: "./server", message: "agents/ must not import server/." },
            {
              target: "./agents",
              from: "./config",
              message: "agents/ must not read the process configuration; take what it needs as parameters.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["emulator/**/*.ts", "mcp/**/*.ts"],
    rules: {
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./emulator", from: "./app", message: "The emulator stands alone: it must not import app/." },
            { target: "./emulator", from: "./mcp", message: "The emulator stands alone: it must not import mcp/." },
            {
              target: "./emulator",
              from: "./agents",
              message: "The emulator stands alone: it must not import agents/.",
            },
            {
              target: "./emulator",
              from: "./server",
              message: "The emulator stands alone: it must not import server/.",
            },
            {
              target: "./emulator",
              from: "./config",
              message: "The emulator stands alone: it must not import config/ (the app's environment).",
            },
            { target: "./mcp", from: "./app", message: "mcp/ is an adapter over agents/, not over app/." },
          ],
        },
      ],
    },
  },
  {
    files: ["{app,config,mcp,server,scripts,bench,tests,extensions}/**/*.{ts,tsx,js,mjs}", "*.{ts,js,mjs}"],
    rules: { "no-restricted-imports": ["error", { patterns: [emulatorInternals] }] },
  },
  {
    files: ["scripts/**", "bench/**", "**/cli.ts", "emulator/**", "tests/**", "**/*.test.ts", "server/**"],
    rules: { "no-console": "off" },
  },
);
