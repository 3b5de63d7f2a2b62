// Every table in the app: Polaris's DataTable, a page of rows at a time (with "Rows 11–20 of 90"
// between the arrows), and a horizontal scroll area that keyboard users can reach (WCAG 2.1.1:
// a region that scrolls must take focus, or its hidden columns are out of reach without a mouse).
import { DataTable, type DataTableProps } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";

// As many rows as a page of an index table in Shopify's own admin.
export const PAGE_SIZE = 50;

/** Which rows a page shows and how the pager describes them (1-based page, clamped to the rows). */
export function tablePage(total: number, page: number, pageSize: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const start = (current - 1) * pageSize;
  const end = Math.min(total, start + pageSize);
  return { pages, current, start, end, label: total === 0 ? "No rows" : `Rows ${start + 1}–${end} of ${total}` };
}

export function PagedTable({
  label,
  pageSize = PAGE_SIZE,
  rows,
  ...table
}: Omit<DataTableProps, "pagination"> & {
  /** What the table holds, read out when its scroll area takes focus, e.g. "Revenue by day". */
  label: string;
  pageSize?: number;
}) {
  const [page, setPage] = useState(1);
  const holder = useRef<HTMLDivElement>(null);
  const { pages, current, start, end, label: shown } = tablePage(rows.length, page, pageSize);

  // Polaris draws the scroll area itself; it gets a name and a tab stop once it is in the page.
  useEffect(() => {
    const scroller = holder.current?.querySelector<HTMLElement>(".Polaris-DataTable__ScrollContainer");
    if (!scroller) return;
    scroller.tabIndex = 0;
    scroller.setAttribute("role", "region");
    scroller.setAttribute("aria-label", label);
  }, [label]);

  return (
    <div ref={holder}>
      <DataTable
        {...table}
        rows={rows.slice(start, end)}
        pagination={
          pages > 1
            ? {
                hasPrevious: current > 1,
                hasNext: current < pages,
                onPrevious: () => setPage(current - 1),
                onNext: () => setPage(current + 1),
                label: shown,
                accessibilityLabel: `${label}: pages`,
                accessibilityLabels: { previous: "Previous rows", next: "Next rows" },
              }
            : undefined
        }
      />
    </div>
  );
}
