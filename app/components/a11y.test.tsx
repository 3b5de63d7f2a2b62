// Pieces behind the pages' accessibility: tables page their rows, charts hide their drawing from
// assistive technology and carry their figures as a table, and every page has a document title.
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json" with { type: "json" };
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { documentTitle } from "../modules";
import { RevenueChart } from "./charts/Charts";
import { forecastTable, revenueTable, shareTable } from "./charts/table";
import { PagedTable, tablePage } from "./PagedTable";
import { SectionNav } from "./SectionNav";

const render = (node: ReactNode) => renderToStaticMarkup(<AppProvider i18n={en}>{node}</AppProvider>);

describe("table pages", () => {
  it("splits rows into pages and says which rows a page shows", () => {
    expect(tablePage(90, 1, 50)).toMatchObject({ pages: 2, current: 1, start: 0, end: 50, label: "Rows 1–50 of 90" });
    expect(tablePage(90, 2, 50)).toMatchObject({ pages: 2, current: 2, start: 50, end: 90, label: "Rows 51–90 of 90" });
    // A page past the end (rows went away on a live reload) shows the last page.
    expect(tablePage(30, 3, 25)).toMatchObject({ current: 2, start: 25, end: 30 });
    expect(tablePage(0, 1, 25)).toMatchObject({ pages: 1, start: 0, end: 0, label: "No rows" });
  });

  it("renders the first page with a pager, and no pager when the rows fit", () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`Day ${i + 1}`, i]);
    const html = render(
      <PagedTable
        label="Revenue by day"
        columnContentTypes={["text", "numeric"]}
        headings={["Day", "Orders"]}
        rows={rows}
      />,
    );
    expect(html).toContain("Day 50<");
    expect(html).not.toContain("Day 51<");
    expect(html).toContain("Rows 1–50 of 120");
    expect(html).toContain('aria-label="Next rows"');
    const short = render(
      <PagedTable label="Few" columnContentTypes={["text"]} headings={["Day"]} rows={[["Day 1"], ["Day 2"]]} />,
    );
    expect(short).toContain("Day 2<");
    expect(short).not.toContain("Rows ");
  });
});

describe("charts", () => {
  it("hide the drawing from assistive technology and offer the figures as a table", () => {
    const html = render(
      <RevenueChart title="Revenue by day" currency="EUR" points={[{ day: "2026-11-01", revenue: 120, orders: 2 }]} />,
    );
    expect(html).toMatch(/data-testid="revenue-chart" style="height:260px" aria-hidden="true"/);
    expect(html).toContain('aria-label="Show the figures of Revenue by day as a table"');
  });

  it("tables hold the charts' figures, in the shop's currency", () => {
    expect(revenueTable({ currency: "EUR", points: [{ day: "2026-11-03", revenue: 1234.5, orders: 3 }] })).toEqual({
      headings: ["Day", "Revenue"],
      rows: [["Nov 3", "€1,234.50"]],
    });
    expect(
      shareTable(
        {
          kind: "line",
          series: [
            { name: "2026-09", data: [{ key: "Month 1", value: 0.25 }] },
            {
              name: "2026-10",
              data: [
                { key: "Month 1", value: 0.2 },
                { key: "Month 2", value: null },
              ],
            },
          ],
        },
        "Period",
      ),
    ).toEqual({
      headings: ["Period", "2026-09", "2026-10"],
      rows: [
        ["Month 1", "25.0%", "20.0%"],
        ["Month 2", "—", "—"],
      ],
    });
    expect(
      forecastTable({
        level: 80,
        history: [{ day: "2026-11-01", units: 4 }],
        forecast: [{ day: "2026-11-02", units: 5.25, lo: 3, hi: 7.5 }],
      }).rows,
    ).toEqual([
      ["Nov 1", "4", "—", "—"],
      ["Nov 2", "—", "5.3", "3 to 7.5"],
    ]);
  });
});

describe("page sections and titles", () => {
  it("a long page lists its sections as in-page links", () => {
    const html = render(
      <SectionNav
        sections={[
          { id: "alerts", label: "Alerts" },
          { id: "audit-log", label: "Audit log" },
        ]}
      />,
    );
    expect(html).toContain('<nav aria-label="On this page"');
    expect(html).toContain('href="#audit-log"');
  });

  it("every page's document title names the page, then the app", () => {
    expect(documentTitle("/app")).toBe("Dashboard · Royal Equips");
    expect(documentTitle("/app/")).toBe("Dashboard · Royal Equips");
    expect(documentTitle("/app/purchase-orders/abc123")).toBe("Purchase orders · Royal Equips");
    expect(documentTitle("/app/settings/vendors")).toBe("Vendors · Royal Equips");
    expect(documentTitle("/app/settings/mcp")).toBe("MCP clients · Royal Equips");
    expect(documentTitle("/app/settings-old")).toBe("Royal Equips");
  });
});
