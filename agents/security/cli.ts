// Command line: regenerate scope-requirements.ts after adding or changing an Admin API document.
//   npx tsx agents/security/cli.ts scopes          (writes the file)
//   npx tsx agents/security/cli.ts scopes --check  (exit 1 when it is out of date)
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deriveScopeRequirements, renderRequirementsModule, uncoveredCallers } from "./derive-scopes";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const target = path.join(root, "agents/security/scope-requirements.ts");
const [command, flag] = process.argv.slice(2);

if (command !== "scopes") {
  console.error("usage: npx tsx agents/security/cli.ts scopes [--check]");
  process.exit(2);
}
const uncovered = uncoveredCallers(root);
if (uncovered.length) {
  console.error(
    `These files call the Admin API without #graphql documents; tag their documents with #graphql:\n  ${uncovered.join("\n  ")}`,
  );
  process.exit(1);
}
const text = renderRequirementsModule(deriveScopeRequirements(root));
if (flag === "--check") {
  const current = readFileSync(target, "utf8");
  if (current !== text) {
    console.error("agents/security/scope-requirements.ts is out of date; run npx tsx agents/security/cli.ts scopes");
    process.exit(1);
  }
  console.log("scope-requirements.ts is current");
} else {
  writeFileSync(target, text);
  console.log(`wrote ${path.relative(root, target)}`);
}
