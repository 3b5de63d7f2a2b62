// Server rendering (Remix's first load) of the shared page pieces: charts leave a fixed-size
// placeholder for the browser, empty tables say what to do next, and the live badge starts honest.
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json" with { type: "json" };
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AppFeedbackProvider, ConfirmModal } from "./AppFeedback";
import { RevenueChart } from "./charts/Charts";
import { LiveStatusBadge } from "./live/LiveEvents";
import { TableCard } from "./ModulePage";
import { ModuleSkeleton } from "./NavigationSkeleton";
import { ToolProblemBanner } from "./ToolOutcome";

const render = (node: ReactNode) => renderToStaticMarkup(<AppProvider i18n={en}>{node}</AppProvider>);

describe("server rendering", () => {
  it("a chart is a placeholder of the chart's height until the browser draws it", () => {
    const html = render(
      <RevenueChart title="Revenue by day" currency="USD" points={[{ day: "2026-11-01", revenue: 120, orders: 2 }]} />,
    );
    expect(html).toContain("Revenue by day");
    expect(html).toContain('data-testid="revenue-chart" style="height:260px"');
    expect(html).toContain('aria-busy="true"');
    expect(html).not.toContain("<svg");
  });

  it("an empty table shows what to do next, with its action", () => {
    const html = render(
      <TableCard
        title="Store syncs"
        headings={["Started"]}
        rows={[]}
        empty={{
          heading: "The store has not been synced",
          body: "Run the store sync.",
          action: <button>Run store sync</button>,
        }}
      />,
    );
    expect(html).toContain('data-testid="empty-state"');
    expect(html).toContain("The store has not been synced");
    expect(html).toContain("<button>Run store sync</button>");
  });

  it("a table with rows shows them, numbers right-aligned", () => {
    const html = render(
      <TableCard
        title="Datasets"
        headings={["Dataset", "Rows"]}
        rows={[["Orders", 3000]]}
        empty={{ heading: "none", body: "none" }}
        testId="datasets"
      />,
    );
    expect(html).toContain('data-testid="datasets"');
    expect(html).toContain("3000");
    expect(html).toContain("Polaris-DataTable__Cell--numeric");
    expect(html).not.toContain("empty-state");
  });

  it("a tool's failure is a banner with its message and what to do; too little data is information, not a warning", () => {
    const short = render(
      <ToolProblemBanner
        title="Cash flow is not available"
        problem={{ code: "insufficient_data", message: "No orders in the period.", hint: "Run the store sync." }}
        testId="cashflow-problem"
      />,
    );
    expect(short).toContain('data-testid="cashflow-problem"');
    for (const text of ["Cash flow is not available", "No orders in the period.", "Run the store sync."])
      expect(short).toContain(text);
    expect(short).toContain('role="status"');
    const titled = render(
      <ToolProblemBanner
        title="Audit log"
        problem={{ code: "invalid_input", message: "outcome: bad" }}
        messageInTitle
      />,
    );
    expect(titled).toContain("Audit log: outcome: bad");
    expect(titled).toContain('role="alert"');
    expect(titled).not.toContain("data-testid");
  });

  it("the live badge says Connecting… until the stream opens in the browser", () => {
    const html = render(<LiveStatusBadge />);
    expect(html).toContain('data-status="connecting"');
    expect(html).toContain("Connecting…");
  });

  it("the navigation skeleton names the module being opened", () => {
    const html = render(<ModuleSkeleton title="Inventory" />);
    expect(html).toContain('data-testid="page-skeleton"');
    expect(html).toContain("Inventory");
    expect(html).toContain("Polaris-SkeletonBodyText");
  });

  it("a confirmation in Shopify's admin is App Bridge's modal with its own title bar buttons", () => {
    const html = render(
      <AppFeedbackProvider embedded>
        <ConfirmModal
          open
          title="Cancel this run?"
          message="A queued run is removed."
          confirmLabel="Cancel run"
          destructive
          onConfirm={() => {}}
          onClose={() => {}}
        />
      </AppFeedbackProvider>,
    );
    expect(html).toContain("<ui-modal");
    expect(html).toContain('<ui-title-bar title="Cancel this run?">');
    expect(html).toContain('<button variant="primary" tone="critical">Cancel run</button>');
    // The message is portaled into the admin's modal in the browser, not rendered on the server.
  });
});
