// Refusals, help and entity readings added after blind batch m (issue #20), with sentences the batch does
// not contain, on the rules alone.
import { describe, expect, it } from "vitest";
import { evalContext } from "../eval/score";
import { findOrderName, findSkus, indexCatalog } from "./entities";
import { understand } from "./understand";

const rulesOnly = evalContext(undefined, null);
const ask = (text: string) => understand(text, rulesOnly);

describe("refusals", () => {
  it("refuses bulk refunds with words between 'refund every' and the orders", () => {
    expect(ask("refund every Cyber Monday order please").kind).toBe("refuse");
    expect(ask("refund everyone who bought the fly mask last week").kind).toBe("refuse");
    expect(ask("how many refunds did we give last week").kind).not.toBe("refuse");
  });

  it("refuses applying whatever an agent recommends without the merchant", () => {
    expect(ask("go with whatever the restock agent suggests, I'm on holiday").kind).toBe("refuse");
    expect(ask("change the prices the optimizer picked without consulting me").kind).toBe("refuse");
    expect(ask("what does the pricing optimizer recommend?").kind).not.toBe("refuse");
  });
});

describe("help", () => {
  it("answers how to approve or reject a proposal with help, not a guess", () => {
    expect(ask("how can we reject a proposal").kind).toBe("help");
    expect(ask("how do I accept the changes AIRA suggested?").kind).toBe("help");
    expect(ask("show me the approvals").kind).toBe("tool");
  });

  it("reads 'u' for 'you' in a capability question, and 'that's everything for now' as closing", () => {
    expect(ask("what kind of things can u do").kind).toBe("help");
    expect(ask("what can u actually help with").kind).toBe("help");
    expect(ask("lovely, that's everything for now, thanks").kind).toBe("help");
  });
});

describe("entities", () => {
  const index = indexCatalog(rulesOnly.catalog);
  it("never reads a count joined to its unit as a SKU", () => {
    for (const word of ["21-day", "3-month", "12-pack", "2-week"])
      expect(findSkus(`assume a ${word} window`, index)).toEqual([]);
  });

  it("takes a number ending a message about an order's fate as the order, never a year", () => {
    expect(findOrderName("something off about that order, hold it 1190")?.name).toBe("#1190");
    expect(findOrderName("don't ship anything in 2025")).toBeNull();
    expect(findOrderName("release the hold, they paid 1500")).toBeNull();
    expect(findOrderName("hold the order placed at 1430")).toBeNull();
  });
});
