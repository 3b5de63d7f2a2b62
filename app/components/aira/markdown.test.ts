import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown } from "./markdown";

describe("parseMarkdown", () => {
  it("splits paragraphs, keeps line breaks and reads bullet and numbered lists", () => {
    const blocks = parseMarkdown(
      "Sales were **up 12%**.\nOrders: 340\n\n- Blue Tee: 40 units\n- Red Cap: 12 units\n1. First\n2. Second",
    );
    expect(blocks).toEqual([
      {
        kind: "paragraph",
        lines: [
          [
            { kind: "text", text: "Sales were " },
            { kind: "strong", children: [{ kind: "text", text: "up 12%" }] },
            { kind: "text", text: "." },
          ],
          [{ kind: "text", text: "Orders: 340" }],
        ],
      },
      {
        kind: "list",
        ordered: false,
        start: 1,
        items: [[{ kind: "text", text: "Blue Tee: 40 units" }], [{ kind: "text", text: "Red Cap: 12 units" }]],
      },
      {
        kind: "list",
        ordered: true,
        start: 1,
        items: [[{ kind: "text", text: "First" }], [{ kind: "text", text: "Second" }]],
      },
    ]);
  });

  it("reads headings and continues a list item on an indented line", () => {
    expect(parseMarkdown("## Stock\n- Blue Tee runs out\n  in 4 days")).toEqual([
      { kind: "heading", children: [{ kind: "text", text: "Stock" }] },
      {
        kind: "list",
        ordered: false,
        start: 1,
        items: [
          [
            { kind: "text", text: "Blue Tee runs out" },
            { kind: "text", text: " " },
            { kind: "text", text: "in 4 days" },
          ],
        ],
      },
    ]);
  });

  it("leaves HTML and unmatched markers as literal text", () => {
    expect(parseMarkdown('<img src=x onerror="alert(1)"> **open')).toEqual([
      { kind: "paragraph", lines: [[{ kind: "text", text: '<img src=x onerror="alert(1)"> **open' }]] },
    ]);
  });
});

describe("parseInline", () => {
  it("reads italic and code but not arithmetic or snake_case", () => {
    expect(parseInline("*soon* `SKU-1`")).toEqual([
      { kind: "em", children: [{ kind: "text", text: "soon" }] },
      { kind: "text", text: " " },
      { kind: "code", text: "SKU-1" },
    ]);
    expect(parseInline("3*4*5 and get_sales_summary")).toEqual([{ kind: "text", text: "3*4*5 and get_sales_summary" }]);
  });
});
