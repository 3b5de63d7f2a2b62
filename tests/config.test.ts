// The project's configuration files agree with each other and with the code.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ApiVersion } from "@shopify/shopify-api";
import { EMULATOR_API_VERSION } from "@royal-equips/emulator";
import { ESLint } from "eslint";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { SHOP_SCOPED_TABLES } from "../agents/compliance/privacy";
import { ADMIN_API_VERSION } from "../agents/shopify/api-version";
import { APP_SCOPES } from "../app/scopes";
import { postgresSchemaFrom } from "../scripts/sync-schemas";
import { repoRoot } from "./support/database";

const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");
const toml = parse(read("shopify.app.toml")) as {
  client_id: string;
  application_url: string;
  embedded: boolean;
  access_scopes: { scopes: string };
  auth: { redirect_urls: string[] };
  webhooks: { api_version: string; subscriptions: { topics?: string[]; compliance_topics?: string[]; uri: string }[] };
};

describe("shopify.app.toml", () => {
  it("uses the one Admin API version, the newest both @shopify/shopify-api and the shipped schema know", () => {
    const schemaVersions = readdirSync(path.join(repoRoot, "node_modules/@shopify/dev-mcp/dist/data"))
      .map((f) => /^admin_(\d{4}-\d{2})\.json\.gz$/.exec(f)?.[1])
      .filter((v): v is string => Boolean(v));
    const libraryVersions = Object.values(ApiVersion).filter((v) => /^\d{4}-\d{2}$/.test(v));
    const newestCommon = schemaVersions
      .filter((v) => libraryVersions.includes(v as ApiVersion))
      .sort()
      .at(-1);
    expect(ADMIN_API_VERSION).toBe(newestCommon);
    expect(toml.webhooks.api_version).toBe(ADMIN_API_VERSION);
  });

  it("is the version the emulator emulates (it keeps its own constant: the emulator imports nothing from agents/)", () => {
    expect(EMULATOR_API_VERSION).toBe(ADMIN_API_VERSION);
  });

  it("requests exactly the scopes the app asks for, writes only where an agent writes", () => {
    expect(toml.access_scopes.scopes.split(",").sort()).toEqual(APP_SCOPES.split(",").sort());
    const writes = APP_SCOPES.split(",").filter((s) => s.startsWith("write_"));
    expect(writes.sort()).toEqual([
      "write_discounts",
      "write_inventory",
      "write_merchant_managed_fulfillment_orders",
      "write_products",
    ]);
  });

  it("is complete: name, client id, https app url, embedded, redirect urls", () => {
    expect(toml.client_id).toMatch(/^[0-9a-f]{32}$/);
    expect(toml.application_url).toMatch(/^https:\/\//);
    expect(toml.embedded).toBe(true);
    for (const url of toml.auth.redirect_urls) expect(url.startsWith(toml.application_url)).toBe(true);
  });

  it("subscribes the mandatory compliance topics, and every webhook uri has its route", () => {
    const compliance = toml.webhooks.subscriptions.flatMap((s) => s.compliance_topics ?? []);
    expect(compliance.sort()).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
    for (const subscription of toml.webhooks.subscriptions) {
      const topics = [...(subscription.topics ?? []), ...(subscription.compliance_topics ?? [])];
      expect(topics).toHaveLength(1); // one route per topic
      expect(subscription.uri).toBe(`/webhooks/${topics[0]}`);
      const routeFile = `app/routes/${subscription.uri.slice(1).replaceAll("/", ".")}.tsx`;
      expect(existsSync(path.join(repoRoot, routeFile)), routeFile).toBe(true);
    }
  });
});

describe("prisma schemas", () => {
  it("the PostgreSQL schema is generated from the SQLite one and up to date", () => {
    expect(read("prisma/postgresql/schema.prisma")).toBe(postgresSchemaFrom(read("prisma/schema.prisma")));
  });

  it("both providers have the same migrations", () => {
    const sqlite = readdirSync(path.join(repoRoot, "prisma/migrations")).filter((f) => !f.endsWith(".toml"));
    const postgres = readdirSync(path.join(repoRoot, "prisma/postgresql/migrations")).filter(
      (f) => !f.endsWith(".toml"),
    );
    expect(postgres).toEqual(sqlite);
  });

  it("shop/redact covers every model that holds shop data", () => {
    const models = [...read("prisma/schema.prisma").matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
    const withShop = models
      .filter(([, , body]) => /^\s+shop\s+String/m.test(body))
      .map(([, name]) => name[0].toLowerCase() + name.slice(1));
    const expected = [...withShop, "shop"].sort();
    expect([...SHOP_SCOPED_TABLES].sort()).toEqual(expected);
  });
});

describe("architecture boundaries", () => {
  const eslint = new ESLint({ cwd: repoRoot });
  const lint = async (file: string, code: string) =>
    (await eslint.lintText(code, { filePath: path.join(repoRoot, file) }))[0].messages;

  it("an import of app/ from agents/ fails lint", async () => {
    const messages = await lint("agents/example.ts", 'import db from "../app/db.server";\nexport const x = db;\n');
    expect(messages.map((m) => m.ruleId)).toContain("import-x/no-restricted-paths");
  });

  it("UI and web frameworks are refused in agents/", async () => {
    const messages = await lint(
      "agents/example.ts",
      'import { Page } from "@shopify/polaris";\nimport { json } from "@remix-run/node";\nexport const x = [Page, json];\n',
    );
    expect(messages.filter((m) => m.ruleId === "no-restricted-imports")).toHaveLength(2);
  });

  it("the emulator imports nothing from agents/ or server/", async () => {
    const messages = await lint(
      "emulator/example.ts",
      'import { seededRandom } from "../agents/infra/random";\nimport { readiness } from "../server/health";\nexport const x = [seededRandom, readiness];\n',
    );
    expect(messages.filter((m) => m.ruleId === "import-x/no-restricted-paths")).toHaveLength(2);
  });

  it("outside emulator/, the emulator is imported through its package entry points only", async () => {
    for (const file of ["agents/example.test.ts", "tests/example.test.ts", "bench/example.ts"]) {
      const up = "../".repeat(file.split("/").length - 1);
      const deep = await lint(
        file,
        `import { startEmulator } from "${up}emulator/server";\nexport const x = startEmulator;\n`,
      );
      expect(deep.map((m) => m.ruleId)).toContain("no-restricted-imports");
      const entry = await lint(
        file,
        'import { startEmulator } from "@royal-equips/emulator";\nimport { startSeeded } from "@royal-equips/emulator/testing";\nexport const x = [startEmulator, startSeeded];\n',
      );
      expect(entry.filter((m) => m.severity === 2)).toEqual([]);
    }
  });

  it("the same import is fine from app/", async () => {
    const messages = await lint("app/example.ts", 'import db from "./db.server";\nexport const x = db;\n');
    expect(messages.filter((m) => m.severity === 2)).toEqual([]);
  });
});
