// detect_revenue_anomalies: days that stand out, said with an adverb of degree.
import { describe, expect, it } from "vitest";
import { evalContext } from "../../eval/score";
import { understand } from "../understand";
import { expectTool } from "../expect-tool";

const context = evalContext();
const ask = (text: string) => understand(text, context);

describe("detect_revenue_anomalies", () => {
  it("reads 'unusually quiet / abnormally busy days' as anomalies, with the window asked", () => {
    expect(
      expectTool(ask("any days in the past 90 days that were unusually quiet?"), "detect_revenue_anomalies"),
    ).toEqual({
      days: 90,
    });
    expect(expectTool(ask("which days were abnormally busy this year"), "detect_revenue_anomalies")).toMatchObject({});
    expect(expectTool(ask("were revenue days suspiciously high lately?"), "detect_revenue_anomalies")).toEqual({});
  });

  it("leaves a product that sold unusually well to the product tools", () => {
    const got = ask("the hay net sold unusually well, forecast it for next month");
    expect(got.kind === "tool" ? got.tool : got.kind).toBe("forecast_demand");
  });
});
