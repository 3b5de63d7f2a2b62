// Writes agents/aira/offline/learned-examples.json, the learned intent model's training examples,
// from agents/aira/eval/commands.json. Run after changing commands.json: npm run aira:examples
import { writeFileSync } from "node:fs";
import { learnedExamplesFile } from "../agents/aira/offline/learned-examples";

const file = learnedExamplesFile();
writeFileSync(
  new URL("../agents/aira/offline/learned-examples.json", import.meta.url),
  `{\n  "source": ${JSON.stringify(file.source)},\n  "examples": [\n${file.examples.map((e) => `    ${JSON.stringify(e)}`).join(",\n")}\n  ]\n}\n`,
);
console.log(`${file.examples.length} examples written to agents/aira/offline/learned-examples.json`);
