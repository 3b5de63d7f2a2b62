// AIRA offline model: accuracy on the evaluation commands and time per command.
//   npx tsx bench/aira-eval.ts [--verbose] [--reps 20] [--file agents/aira/eval/holdout6.unseen.json] [--rules-only]
// --file scores a batch kept outside commands.json (a blind batch before any fix for it) instead;
// --rules-only leaves the learned intent model out.
// Accuracy runs on the checked-in catalogue fixture (agents/aira/eval/catalog.json). Speed is
// measured on the fixture and on a generated 5,000-variant catalogue (emulator/seed, seed 1).

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { evalContext, evalSet, scoreEval, type EvalCommand, type EvalReport } from "../agents/aira/eval/score";
import { understand, type CatalogEntry, type UnderstandContext } from "../agents/aira/offline/understand";
import { generateStore } from "@royal-equips/emulator/seed";
import { trainIntents } from "../agents/aira/offline/learned";
import { learnedExamples } from "../agents/aira/offline/learned-examples";

const { values } = parseArgs({
  options: {
    verbose: { type: "boolean", default: false },
    reps: { type: "string", default: "20" },
    file: { type: "string" },
    "rules-only": { type: "boolean", default: false },
  },
});
const reps = Math.max(1, Number(values.reps));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const commands = values.file ? (JSON.parse(readFileSync(values.file, "utf8")) as EvalCommand[]) : undefined;
const report: EvalReport = scoreEval({ commands, intentModel: values["rules-only"] ? null : undefined });
const c = report.categories;
console.log(`AIRA offline model evaluation: ${report.total} commands (now = ${evalSet.now})`);
console.log(`  overall          ${pct(report.accuracy)}  (${report.passed}/${report.total})`);
for (const [split, t] of Object.entries(report.splits))
  console.log(`  batch ${split.padEnd(10)} ${pct(t.accuracy)}  (${t.correct}/${t.total})`);
console.log(`  tool choice      ${pct(c.toolChoice.accuracy)}  (${c.toolChoice.correct}/${c.toolChoice.total})`);
console.log(
  `  arguments        ${pct(c.arguments.accuracy)}  (${c.arguments.correct}/${c.arguments.total})  [right tool, expected fields, input passes the tool's schema]`,
);
console.log(`  clarify          ${pct(c.clarify.accuracy)}  (${c.clarify.correct}/${c.clarify.total})`);
console.log(`  refuse           ${pct(c.refuse.accuracy)}  (${c.refuse.correct}/${c.refuse.total})`);
console.log(`  help             ${pct(c.help.accuracy)}  (${c.help.correct}/${c.help.total})`);
const tags = [...new Set(report.results.flatMap((r) => r.tags))].sort();
for (const tag of tags) {
  const tagged = report.results.filter((r) => r.tags.includes(tag));
  console.log(
    `  tag ${tag.padEnd(12)} ${pct(tagged.filter((r) => r.passed).length / tagged.length)}  (${tagged.filter((r) => r.passed).length}/${tagged.length})`,
  );
}
if (report.failures.length) {
  console.log(`\nFailures (${report.failures.length}):`);
  for (const f of report.failures) console.log(`  [${f.id}] ${f.text}\n      ${f.problems.join("\n      ")}`);
}
if (values.verbose) {
  console.log("\nAll results:");
  for (const r of report.results)
    console.log(`  ${r.passed ? "ok  " : "FAIL"} [${r.id}] ${r.text} -> ${JSON.stringify(r.got)}`);
}

// The learned intent model is trained on commands.json, so the figures above flatter it on the set's own
// commands. Held out: each batch scored with the model trained on every other batch (the rules, tuned on
// all of them, are the same), against the rules alone.
if (!commands && !values["rules-only"]) {
  console.log(
    "\nEach batch with the learned model trained without it (leave one batch out), and with the rules alone:",
  );
  let heldOut = 0;
  let rulesOnly = 0;
  for (const split of Object.keys(report.splits)) {
    const inSplit = evalSet.commands.filter((cmd) => (cmd.split ?? "dev") === split);
    const model = trainIntents(learnedExamples(evalSet.commands.filter((cmd) => (cmd.split ?? "dev") !== split)));
    const held = scoreEval({ commands: inSplit, intentModel: model });
    const rules = scoreEval({ commands: inSplit, intentModel: null });
    heldOut += held.passed;
    rulesOnly += rules.passed;
    console.log(
      `  batch ${split.padEnd(20)} held out ${pct(held.accuracy)} (${held.passed}/${held.total}), rules alone ${pct(rules.accuracy)} (${rules.passed}/${rules.total})`,
    );
    // Which commands the held-out model misses that the full model gets: what the batch taught it.
    const fullMisses = new Set(report.failures.map((f) => f.id));
    const taught = held.failures.filter((f) => !fullMisses.has(f.id)).map((f) => f.id);
    if (taught.length) console.log(`    held out, missed only then: ${taught.join(", ")}`);
  }
  console.log(
    `  all                        held out ${pct(heldOut / report.total)} (${heldOut}/${report.total}), rules alone ${pct(rulesOnly / report.total)} (${rulesOnly}/${report.total})`,
  );
}

function timeCommands(context: UnderstandContext): { mean: number; median: number; p95: number; max: number } {
  const texts = (commands ?? evalSet.commands).flatMap((cmd) =>
    cmd.followUp !== undefined ? [cmd.text, `${cmd.text} ${cmd.followUp}`] : [cmd.text],
  );
  for (const t of texts) understand(t, context); // warm-up: JIT, the catalogue index, fuzzy caches
  // Per command, the fastest of 5 batches: other processes on the machine only ever add time.
  const batch = Math.max(1, Math.round(reps / 5));
  const perCommand = texts.map((t) => {
    let best = Infinity;
    for (let b = 0; b < 5; b++) {
      const started = performance.now();
      for (let i = 0; i < batch; i++) understand(t, context);
      best = Math.min(best, ((performance.now() - started) * 1000) / batch);
    }
    return best;
  });
  const sorted = [...perCommand].sort((a, b) => a - b);
  return {
    mean: perCommand.reduce((s, x) => s + x, 0) / perCommand.length,
    median: sorted[Math.floor(sorted.length / 2)],
    p95: sorted[Math.floor(sorted.length * 0.95)],
    max: sorted[sorted.length - 1],
  };
}

function generatedCatalog(variants: number): CatalogEntry[] {
  const store = generateStore({ seed: 1, products: Math.ceil(variants / 2), orders: 0, days: 30 });
  const out: CatalogEntry[] = [];
  for (const p of store.products)
    for (const v of p.variants) {
      if (out.length >= variants) break;
      out.push({
        productId: String(p.id),
        variantId: String(v.id),
        sku: v.sku || null,
        title: p.title,
        variantTitle: v.title,
        price: v.price,
        inventory: Object.values(v.inventory).reduce((s, n) => s + n, 0),
      });
    }
  return out;
}

const fmt = (t: ReturnType<typeof timeCommands>) =>
  `mean ${t.mean.toFixed(0)} µs, median ${t.median.toFixed(0)} µs, p95 ${t.p95.toFixed(0)} µs, max ${t.max.toFixed(0)} µs`;
console.log(
  `\nSpeed per command (fastest of 5 batches of ${Math.max(1, Math.round(reps / 5))} runs, after one warm-up pass; ${new Set((commands ?? evalSet.commands).map((c) => c.text)).size} distinct commands plus follow-ups):`,
);
console.log(`  fixture (${evalCatalog().length} variants):  ${fmt(timeCommands(evalContext()))}`);
const big = generatedCatalog(5_000);
if (big.length !== 5_000) throw new Error(`the generated catalogue has ${big.length} variants, not 5,000`);
const indexStarted = performance.now();
understand("stock of the saddle pad", { ...evalContext(big) });
console.log(
  `  5,000-variant catalogue: index built in ${(performance.now() - indexStarted).toFixed(1)} ms (once per catalogue)`,
);
console.log(`  5,000-variant catalogue: ${fmt(timeCommands(evalContext(big)))}`);

function evalCatalog() {
  return evalContext().catalog;
}
