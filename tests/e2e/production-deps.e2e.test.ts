// Production runs `npm run build`'s output with plain node and only `dependencies` installed (the
// Dockerfile prunes the dev dependencies): every package the built web server, worker and Remix
// server bundle import must be a dependency (or part of Node), never a dev dependency.
import { builtinModules } from "node:module";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/database";

const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? jsFiles(file) : file.endsWith(".js") ? [file] : [];
  });
}

const packageOf = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

describe("the production build", () => {
  it("imports only dependencies and Node's own modules", () => {
    const files = [
      ...jsFiles(path.join(repoRoot, "build", "node")),
      ...jsFiles(path.join(repoRoot, "build", "server")),
    ];
    expect(files.map((f) => path.relative(repoRoot, f))).toEqual(
      expect.arrayContaining(["build/node/index.js", "build/node/worker.js", "build/server/index.js"]),
    );
    const imported = new Set<string>();
    // Static imports (at the start of a line in the ESM output) and dynamic import("...") of packages.
    const staticImports = [/^import\s[^;]*?from\s*["']([^"'./][^"']*)["']/gm, /^import\s*["']([^"'./][^"']*)["']/gm];
    const dynamicImport = /\bimport\(\s*["']([^"'./][^"']*)["']\s*\)/g;
    const dynamic = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const pattern of staticImports)
        for (const match of text.matchAll(pattern)) imported.add(packageOf(match[1]!));
      for (const match of text.matchAll(dynamicImport)) dynamic.add(packageOf(match[1]!));
    }
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const missing = (names: Iterable<string>) =>
      [...names].filter((name) => !builtins.has(name) && !(name in pkg.dependencies));
    expect(missing(imported)).toEqual([]);
    // Vite (loaded only when NODE_ENV is not production, for its dev middleware) is itself a
    // dependency since `npm start` builds with an install without dev dependencies (ADR 0027).
    expect(missing(dynamic)).toEqual([]);
    expect(imported.has("@prisma/client")).toBe(true); // the scan finds the imports at all
  });
});
