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
    const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"'./][^"']*)["']/g;
    for (const file of files)
      for (const match of readFileSync(file, "utf8").matchAll(pattern)) imported.add(packageOf(match[1]!));
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const notDependencies = [...imported].filter((name) => !builtins.has(name) && !(name in pkg.dependencies));
    expect(notDependencies).toEqual([]);
    expect(imported.has("@prisma/client")).toBe(true); // the scan finds the imports at all
  });
});
