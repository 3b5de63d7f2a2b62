// Every GraphQL document the app sends (template literals tagged `#graphql`) validates against
// Shopify's real Admin schema: an invalid field or argument anywhere fails this test.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "@royal-equips/emulator";
import { repoRoot } from "./support/database";

const ROOTS = ["agents", "app", "mcp", "server", "scripts"];

export function findDocuments(): { file: string; line: number; source: string }[] {
  const documents: { file: string; line: number; source: string }[] = [];
  for (const root of ROOTS) {
    let entries;
    try {
      entries = readdirSync(path.join(repoRoot, root), { recursive: true, withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/`\s*#graphql([\s\S]*?)`/g)) {
        if (match[1].includes("${"))
          throw new Error(`${file}: #graphql documents must be static (no \${} interpolation)`);
        documents.push({
          file: path.relative(repoRoot, file),
          line: text.slice(0, match.index).split("\n").length,
          source: match[1],
        });
      }
    }
  }
  return documents;
}

describe("GraphQL documents", () => {
  const schema = loadAdminSchema();
  const documents = findDocuments();

  it("finds the documents in the codebase", () => {
    expect(documents.length).toBeGreaterThan(5);
  });

  it.each(documents.map((d) => [`${d.file}:${d.line}`, d] as const))(
    "%s validates against the Admin schema",
    (_name, document) => {
      const errors = validate(schema, parse(document.source)).map((e) => e.message);
      expect(errors).toEqual([]);
    },
  );

  it("an invalid field is caught (the check itself works)", () => {
    const errors = validate(schema, parse("query { shop { name notAFieldOnShop } }"));
    expect(errors.map((e) => e.message).join()).toMatch(/notAFieldOnShop/);
  });
});
