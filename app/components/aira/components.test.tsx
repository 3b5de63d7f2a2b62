// Server rendering of the chat's building blocks (as Remix does on first load): model text never
// becomes HTML, tool states render their cards, and charts wait for the browser.
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json" with { type: "json" };
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MessageText } from "./MessageText";
import { ToolCard, type AnyToolPart } from "./ToolCard";

const render = (node: ReactNode) => renderToStaticMarkup(<AppProvider i18n={en}>{node}</AppProvider>);
const noop = () => {};

describe("MessageText", () => {
  it("renders bold and lists as elements and escapes HTML from the model", () => {
    const html = render(<MessageText text={'**Revenue** rose.\n- <img src=x onerror="alert(1)">\n- Red Cap'} />);
    expect(html).toContain("<strong>Revenue</strong>");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).not.toContain("<img");
    expect(html.match(/<li/g)).toHaveLength(2);
  });
});

describe("ToolCard", () => {
  const base = {
    type: "tool-get_sales_summary",
    toolCallId: "c1",
    input: { from: "2026-10-01", to: "2026-10-03" },
  } as const;

  it("shows a spinner while the tool runs", () => {
    const html = render(<ToolCard part={{ ...base, state: "input-available" } as AnyToolPart} onDecide={noop} />);
    expect(html).toContain('data-testid="aira-tool-get_sales_summary"');
    expect(html).toContain("Running…");
  });

  it("renders a result's figures and table, with the chart left to the browser", () => {
    const output = {
      ok: true,
      data: {
        totals: { revenue: 900, orders: 9 },
        series: [
          { period: "2026-10-01", revenue: 400 },
          { period: "2026-10-02", revenue: 500 },
        ],
        byChannel: [{ channel: "web", revenue: 900 }],
      },
    };
    const html = render(
      <ToolCard part={{ ...base, state: "output-available", output } as AnyToolPart} onDecide={noop} />,
    );
    expect(html).toContain("900.00");
    expect(html).toContain("By channel");
    expect(html).toContain('data-testid="aira-chart"');
    // Until the browser loads Polaris Viz, a skeleton holds the chart's place.
    expect(html).toContain("Polaris-SkeletonBodyText");
  });

  it("leaves internal ids and extra rows out of a table until Show all", () => {
    const risks = Array.from({ length: 12 }, (_, i) => ({ sku: `SKU-${i}`, variantId: `4300${i}`, onHand: i }));
    const html = render(
      <ToolCard
        part={
          {
            type: "tool-get_stockout_risks",
            toolCallId: "c5",
            input: {},
            state: "output-available",
            output: { ok: true, data: { risks } },
          } as AnyToolPart
        }
        onDecide={noop}
      />,
    );
    expect(html).toContain("SKU-9");
    expect(html).not.toContain("SKU-10");
    expect(html).not.toContain("Variant ID");
    expect(html).toContain("Show all 12 rows and 3 columns");
  });

  it("shows a tool failure with its hint", () => {
    const output = {
      ok: false,
      code: "not_found",
      message: "Unknown SKU: NOPE.",
      hint: "Use SKUs exactly as in the catalog.",
    };
    const html = render(
      <ToolCard
        part={
          {
            type: "tool-propose_price_change",
            toolCallId: "c2",
            input: {},
            state: "output-available",
            output,
          } as AnyToolPart
        }
        onDecide={noop}
      />,
    );
    expect(html).toContain("Unknown SKU: NOPE.");
    expect(html).toContain("Use SKUs exactly as in the catalog.");
    expect(html).toContain("Failed");
  });

  it("follows an agent run that AIRA started", () => {
    const output = { ok: true, data: { runId: "run_1", agent: "inventory-forecasting", deduplicated: false } };
    const html = render(
      <ToolCard
        part={
          {
            type: "tool-run_agent",
            toolCallId: "c4",
            input: { agent: "inventory-forecasting" },
            state: "output-available",
            output,
          } as AnyToolPart
        }
        onDecide={noop}
      />,
    );
    expect(html).toContain('data-testid="aira-agent-run"');
    expect(html).toContain("inventory-forecasting");
    expect(html).toMatch(/<progress [^>]*aria-labelledby/);
  });

  it("asks for approval with the exact change lines, and shows a denial", () => {
    const approval = {
      id: "ap1",
      requestReason: "Change 1 price(s)\nBlue Tee (SKU-1): price $20.00 -> $18.00\n1 item",
    };
    const asking = render(
      <ToolCard
        part={
          {
            type: "tool-propose_price_change",
            toolCallId: "c3",
            input: {},
            state: "approval-requested",
            approval,
          } as AnyToolPart
        }
        onDecide={noop}
      />,
    );
    expect(asking).toContain("Blue Tee (SKU-1): price $20.00 -&gt; $18.00");
    expect(asking).toContain('data-testid="aira-approve"');
    expect(asking).toContain('data-testid="aira-deny"');
    const denied = render(
      <ToolCard
        part={
          {
            type: "tool-propose_price_change",
            toolCallId: "c3",
            input: {},
            state: "output-denied",
            approval: { ...approval, approved: false },
          } as AnyToolPart
        }
        onDecide={noop}
      />,
    );
    expect(denied).toContain("Denied — nothing changed");
    expect(denied).not.toContain('data-testid="aira-approve"');
  });
});
