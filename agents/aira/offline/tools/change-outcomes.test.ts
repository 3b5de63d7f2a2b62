// get_change_outcomes: a change already made, judged by what followed, in the merchant's words.
import { describe, expect, it } from "vitest";
import { evalContext } from "../../eval/score";
import { understand } from "../understand";
import { expectTool } from "../expect-tool";

const context = evalContext();
const ask = (text: string) => understand(text, context);

describe("get_change_outcomes", () => {
  it("reads 'is the change we made paying for itself / worth it / working'", () => {
    expect(
      expectTool(ask("was the price increase we made on the rope halters worth it?"), "get_change_outcomes"),
    ).toMatchObject({
      kind: "price.update",
    });
    expect(expectTool(ask("is the price drop on the gilets actually working?"), "get_change_outcomes")).toMatchObject({
      kind: "price.update",
    });
    expect(expectTool(ask("has the stock correction we did last week paid off?"), "get_change_outcomes")).toMatchObject(
      {
        kind: "inventory.set",
      },
    );
  });

  it("leaves a request for a new cut to the price tools", () => {
    const got = ask("should we make a price cut on the gilets?");
    expect(got.kind === "tool" ? got.tool : got.kind).not.toBe("get_change_outcomes");
  });
});
