// propose_inventory_adjustment: "bump stock by N", "up the stock by N", "add N to stock" name a change
// of N units (adjustBy), never a new total of N.
import { describe, expect, it } from "vitest";
import { evalContext, inputSchema } from "../../eval/score";
import { understand } from "../understand";

const context = evalContext();
const ask = (text: string) => understand(text, context);

function proposal(text: string): Record<string, unknown> {
  const result = ask(text);
  expect(result.kind, JSON.stringify(result)).toBe("tool");
  if (result.kind !== "tool") throw new Error("not a tool call");
  expect(result.tool).toBe("propose_inventory_adjustment");
  expect(inputSchema(result.tool)!.safeParse(result.input).success).toBe(true);
  return result.input;
}

describe("stock changed by an amount", () => {
  it("reads 'bump/up the stock by N' as N more units", () => {
    expect(proposal("bump the stock of TAC-152 by 6")).toMatchObject({ sku: "TAC-152", adjustBy: 6 });
    expect(proposal("up the stock of TAC-152 by 4")).toMatchObject({ sku: "TAC-152", adjustBy: 4 });
    expect(proposal("could you up the inventory on the saddle cover by 3")).toMatchObject({ adjustBy: 3 });
  });

  it("reads 'lower the stock by N' as N fewer units, and 'add N to stock' as N more", () => {
    expect(proposal("lower the stock of TAC-152 by 2")).toMatchObject({ sku: "TAC-152", adjustBy: -2 });
    expect(proposal("add 7 to the stock of TAC-152")).toMatchObject({ sku: "TAC-152", adjustBy: 7 });
  });

  it("keeps 'to N' a new total", () => {
    const input = proposal("bump the stock of TAC-152 to 40");
    expect(input).toMatchObject({ sku: "TAC-152", quantity: 40 });
    expect(input).not.toHaveProperty("adjustBy");
  });
});

describe("units that came in from the supplier", () => {
  it("books them in as received, not as a purchase order, fillers and all", () => {
    expect(proposal("okay so uh the salt lick we got uh twelve more in today from the supplier")).toMatchObject({
      sku: "TRT-134",
      adjustBy: 12,
      reason: "received",
    });
    expect(proposal("the supplier dropped off 8 more saddle covers today")).toMatchObject({
      sku: "TAC-152",
      adjustBy: 8,
      reason: "received",
    });
  });

  it("reads a size said in words ('the one litre') as the variant", () => {
    expect(proposal("we got twenty more of the one litre hoof oil in today")).toMatchObject({
      sku: "GRM-137-1L",
      adjustBy: 20,
    });
  });

  it("still suggests a purchase order when asked what to order from the supplier", () => {
    expect(ask("what should I order from the supplier for the salt lick")).toMatchObject({
      kind: "tool",
      tool: "suggest_purchase_order",
    });
  });
});
