// The one gate every reading passes (understand.ts, neverChangeOnAQuestion): a question, a what-if, or
// "I'm not changing anything" never becomes a store change, whichever path produced the change.
// Sentences are new (not blind batch n's); the catalogue is the evaluation fixture.
import { describe, expect, it } from "vitest";
import { evalContext } from "../eval/score";
import { ACTS } from "./arbiter";
import { understand } from "./understand";

const context = evalContext();
const ask = (text: string) => understand(text, context);

describe("a question never changes the store", () => {
  it.each([
    "If we cut the Saddle Cover to 80, what would that do to orders? I'm not touching anything yet.",
    "what would happen if I lowered the carrot treats to 9",
    "what if the show jacket went up to 250, would people still buy it?",
    "suppose I put TAC-152 at 95. would sales drop?",
    "Don't do it, just show me what raising the saddle cover to 120 would look like",
    "we're not changing anything, but what if I set the stock of TAC-152 to 3",
    "If I dropped the gilet to 60 would it sell faster?",
  ])("%s: no proposal", (text) => {
    const result = ask(text);
    if (result.kind === "tool") expect(ACTS.has(result.tool), JSON.stringify(result)).toBe(false);
  });

  it("answers a what-if about a price with the price suggestions for that product", () => {
    const result = ask("what would happen if I lowered the Saddle Cover to 70? not changing it, just asking");
    expect(result).toMatchObject({ kind: "tool", tool: "suggest_price_changes", input: { skus: ["TAC-152"] } });
  });

  it("answers a question about how a named code did with its results, not a new code", () => {
    const result = ask("the SUMMER15 code last year, did it make us anything?");
    expect(result).toMatchObject({ kind: "tool", tool: "get_campaign_results", input: { code: "SUMMER15" } });
  });

  it("still proposes a plain command, and after 'yes, propose it'", () => {
    expect(ask("set the Saddle Cover to 85")).toMatchObject({ kind: "tool", tool: "propose_price_change" });
    expect(ask("set the stock of TAC-152 to 30")).toMatchObject({ kind: "tool", tool: "propose_inventory_adjustment" });
  });
});
