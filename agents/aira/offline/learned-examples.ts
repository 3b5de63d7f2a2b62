// The learned intent model's training examples (learned.ts): every tool, help and refusal command of
// the evaluation set, with its entities masked over the set's catalogue. Written to
// learned-examples.json by `npm run aira:examples` (the app reads that file, so it neither bundles
// the evaluation set nor masks 1,300 commands at run time); a test checks the file is up to date.
import catalogJson from "../eval/catalog.json";
import commandsJson from "../eval/commands.json";
import type { Example } from "./learned";
import { learnedTextOf } from "./understand";
import type { CatalogEntry, UnderstandContext } from "./types";

export interface LabelledCommand {
  text: string;
  followUp?: string;
  expect: { kind: string; tool?: string };
}

/** Training examples from `commands` (default: commands.json), entities masked over `catalog`. */
export function learnedExamples(
  commands: LabelledCommand[] = commandsJson.commands,
  catalog: CatalogEntry[] = catalogJson as CatalogEntry[],
): Example[] {
  const context: UnderstandContext = {
    now: new Date(commandsJson.now),
    catalog,
    agents: commandsJson.agents,
    intentModel: null,
  };
  return commands
    .filter((c) => c.expect.kind !== "clarify")
    .map((c) => ({
      text: learnedTextOf(c.followUp !== undefined ? `${c.text} ${c.followUp}` : c.text, context),
      label: c.expect.kind === "tool" ? c.expect.tool! : c.expect.kind,
    }));
}

/** The content of learned-examples.json. */
export function learnedExamplesFile(): { source: string; examples: [string, string][] } {
  return {
    source: "agents/aira/eval/commands.json (npm run aira:examples)",
    examples: learnedExamples().map((e) => [e.label, e.text]),
  };
}
