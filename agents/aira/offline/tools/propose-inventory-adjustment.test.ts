// propose_inventory_adjustment: a count that is wrong, with words between the noun and the figure.
import { describe, expect, it } from "vitest";
import { evalContext } from "../../eval/score";
import { understand } from "../understand";
import { expectTool } from "../expect-tool";

const context = evalContext();
const ask = (text: string) => understand(text, context);

describe("propose_inventory_adjustment for a wrong count", () => {
  it("sets the on-hand quantity when the stock is said to be wrong or to be put on a figure", () => {
    expect(
      expectTool(ask("stock on the salt lick is wrong, should be 33"), "propose_inventory_adjustment"),
    ).toMatchObject({
      sku: "TRT-134",
      quantity: 33,
    });
    expect(expectTool(ask("inventory for the tack trunk put on 5"), "propose_inventory_adjustment")).toMatchObject({
      sku: "STB-143",
      quantity: 5,
    });
  });

  it("asks which product when the name fits several, offering them", () => {
    const got = ask("stock for the gloves is wrong, should be 20");
    expect(got.kind).toBe("clarify");
    if (got.kind === "clarify")
      expect(got.options).toEqual(expect.arrayContaining(["Riding Gloves", "Winter Riding Gloves"]));
  });
});

describe("propose_inventory_adjustment for units that can no longer be sold", () => {
  it("removes them as damaged, whatever word says what happened to them", () => {
    expect(
      expectTool(
        ask("3 of the fly spray bottles burst open in the van, take them off"),
        "propose_inventory_adjustment",
      ),
    ).toMatchObject({ sku: "FLY-107", adjustBy: -3, reason: "damaged" });
    expect(
      expectTool(ask("the hay nets got soaked, 4 of them, remove from stock"), "propose_inventory_adjustment"),
    ).toMatchObject({ sku: "STB-144", adjustBy: -4, reason: "damaged" });
    expect(expectTool(ask("two salt licks were crushed on the pallet"), "propose_inventory_adjustment")).toMatchObject({
      sku: "TRT-134",
      adjustBy: -2,
      reason: "damaged",
    });
  });
});
