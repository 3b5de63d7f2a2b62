import { describe, expect, it } from "vitest";
import { contextChipText, contextParam, numericId, parseContextParam, sameContext, suggestedQuestion } from "./context";

describe("parseContextParam", () => {
  it("reads product and order GIDs, and the short numeric forms", () => {
    expect(parseContextParam("product:gid://shopify/Product/123")).toEqual({
      ok: true,
      context: { type: "product", id: "gid://shopify/Product/123" },
    });
    expect(parseContextParam("order:987", "  #1001  ")).toEqual({
      ok: true,
      context: { type: "order", id: "gid://shopify/Order/987", label: "#1001" },
    });
  });

  it("returns null without a parameter and an explanation for a malformed one", () => {
    expect(parseContextParam(null)).toBeNull();
    expect(parseContextParam("  ")).toBeNull();
    expect(parseContextParam("customer:5")).toMatchObject({
      ok: false,
      error: expect.stringContaining("product:<id> or order:<id>"),
    });
    // A product id that is really an order's is refused rather than asked about.
    expect(parseContextParam("product:gid://shopify/Order/5")).toMatchObject({
      ok: false,
      error: expect.stringContaining("not a Shopify Product id"),
    });
    expect(parseContextParam("order:abc")).toMatchObject({ ok: false });
  });

  it("round-trips through contextParam", () => {
    const parsed = parseContextParam("product:42");
    expect(parsed?.ok).toBe(true);
    if (!parsed?.ok) return;
    expect(parseContextParam(contextParam(parsed.context))).toEqual(parsed);
  });
});

describe("context helpers", () => {
  const product = { type: "product" as const, id: "gid://shopify/Product/7", label: "Blue Tee" };
  it("names the resource on the chip and in the suggested question", () => {
    expect(numericId(product.id)).toBe("7");
    expect(contextChipText(product)).toBe("Product: Blue Tee");
    expect(contextChipText({ type: "order", id: "gid://shopify/Order/9" })).toBe("Order: #9");
    expect(suggestedQuestion(product)).toBe('Forecast demand for "Blue Tee" for the next 14 days');
    expect(suggestedQuestion({ type: "order", id: "gid://shopify/Order/9", label: "#1009" })).toBe(
      "What is the fraud risk of order #1009?",
    );
  });

  it("compares contexts by type and id, not label", () => {
    expect(sameContext(product, { ...product, label: "Other" })).toBe(true);
    expect(sameContext(product, null)).toBe(false);
    expect(sameContext(null, undefined)).toBe(true);
  });
});
