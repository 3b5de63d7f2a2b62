// get_change_outcomes: a change already made, judged by what followed, in the merchant's words.
import { describe, expect, it } from "vitest";
import { evalContext, inputSchema } from "../../eval/score";
import { understand, type Understanding } from "../understand";

const context = evalContext();
const ask = (text: string) => understand(text, context);

function expectTool(result: Understanding, tool: string): Record<string, unknown> {
  expect(result.kind, JSON.stringify(result)).toBe("tool");
  if (result.kind !== "tool") throw new Error("not a tool call");
  expect(result.tool).toBe(tool);
  expect(inputSchema(tool)!.safeParse(result.input).success).toBe(true);
  return result.input;
}

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
