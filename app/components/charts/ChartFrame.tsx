// Where every chart sits. The drawing is hidden from assistive technology and out of the tab order
// (polaris-viz's SVG has no text alternative and uses list roles without list items); what it
// shows is a table of the same figures, one button press away, for screen readers and everyone.
import { BlockStack, Button, InlineStack } from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import { PagedTable } from "../PagedTable";
import type { ChartTable } from "./table";

// React 18 has no `inert` prop: set the attribute once the element exists.
const makeInert = (element: HTMLElement | null) => element?.setAttribute("inert", "");

export function ChartFrame({
  label,
  table,
  height,
  testId,
  children,
}: {
  /** What the chart shows, e.g. "Revenue by day": names the table of its figures. */
  label: string;
  table: ChartTable;
  height: number;
  testId: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <BlockStack gap="200">
      <div data-testid={testId} style={{ height }} aria-hidden="true" ref={makeInert}>
        {children}
      </div>
      <InlineStack>
        <Button
          variant="plain"
          onClick={() => setOpen((v) => !v)}
          ariaExpanded={open}
          accessibilityLabel={`${open ? "Hide" : "Show"} the figures of ${label} as a table`}
        >
          {open ? "Hide the figures" : "Show the figures as a table"}
        </Button>
      </InlineStack>
      {open ? (
        <div data-testid={`${testId}-table`}>
          <PagedTable
            label={label}
            columnContentTypes={table.headings.map((_, i) => (i === 0 ? "text" : "numeric"))}
            headings={table.headings}
            rows={table.rows}
          />
        </div>
      ) : null}
    </BlockStack>
  );
}
