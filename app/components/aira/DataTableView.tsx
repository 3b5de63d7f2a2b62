// An array of objects from a tool result as a table: the first columns (internal ids left out) and
// rows, then "Show all".
import { BlockStack, Button, DataTable, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { VISIBLE_COLUMNS, VISIBLE_ROWS, type TableView } from "./tool-output";

export function DataTableView({ table }: { table: TableView }) {
  const [all, setAll] = useState(false);
  const indexed = table.columns.map((column, index) => ({ column, index }));
  const shown = all ? indexed : indexed.filter((c) => !c.column.secondary).slice(0, VISIBLE_COLUMNS);
  const rows = (all ? table.rows : table.rows.slice(0, VISIBLE_ROWS)).map((row) => shown.map((c) => row[c.index]));
  const hiddenRows = table.rows.length - Math.min(table.rows.length, VISIBLE_ROWS);
  const hiddenColumns = table.columns.length - shown.length;
  const more = [
    hiddenRows > 0 ? `${table.rows.length} rows` : null,
    hiddenColumns > 0 ? `${table.columns.length} columns` : null,
  ]
    .filter(Boolean)
    .join(" and ");
  return (
    <BlockStack gap="100">
      {table.title ? (
        <Text as="h4" variant="headingSm">
          {table.title}{" "}
          <Text as="span" tone="subdued">
            ({table.rows.length})
          </Text>
        </Text>
      ) : null}
      <DataTable
        columnContentTypes={shown.map((c) => (c.column.numeric ? "numeric" : "text"))}
        headings={shown.map((c) => c.column.label)}
        rows={rows}
        increasedTableDensity
        hoverable={false}
      />
      {all || more ? (
        <InlineStack>
          <Button variant="plain" onClick={() => setAll((v) => !v)} ariaExpanded={all}>
            {all ? "Show fewer" : `Show all ${more}`}
          </Button>
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}
