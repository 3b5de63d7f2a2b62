// One worklist for every kind of finding (ADR 0013): the product first, the figures behind the
// item, and per row approve (where the item has a store change), dismiss with a reason and snooze;
// bulk select with bulk approve / dismiss / snooze; status filter, product search, pages, and a CSV
// of every matching item. Filters live in the page URL (`<key>.status`, `<key>.q`, `<key>.page`),
// so the page's loader reads them and a reload keeps them.
import { useFetcher, useSearchParams } from "@remix-run/react";
import {
  ActionList,
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Pagination,
  Popover,
  Select,
  Text,
  TextField,
  useIndexResourceState,
  type IndexTableProps,
} from "@shopify/polaris";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { FindingKind } from "../../../agents/findings/store";
import type { DecisionResult, WorklistData, WorklistItem } from "../../findings.server";
import { useToast } from "../AppFeedback";
import { DownloadButton } from "../DownloadButton";
import { EmptyHint, type EmptyContent } from "../ModulePage";
import { FIGURES, SUBJECT, subjectName, variantLine } from "./figures";
import { ProductThumbnail } from "./ProductThumbnail";

const STATUS_OPTIONS = [
  { label: "Open", value: "open" },
  { label: "Snoozed", value: "snoozed" },
  { label: "Dismissed", value: "dismissed" },
  { label: "Approved", value: "approved" },
  { label: "Resolved", value: "resolved" },
];

const DISMISS_REASONS = ["Not relevant", "Already handled", "Discontinued", "Wrong numbers"];

export interface WorklistProps {
  title: string;
  description?: ReactNode;
  list: WorklistData;
  /** The shop's currency code for money figures. */
  currency: string;
  /** Shown when the open list is empty (say when the agent ran / will run). */
  empty: EmptyContent;
  /** Approve where the kind has a store change (price suggestions, risky orders). */
  approveLabel?: string;
  /** Extra actions in the header, e.g. a link to purchase orders. */
  actions?: ReactNode;
}

export function Worklist({ title, description, list, currency, empty, approveLabel, actions }: WorklistProps) {
  const [, setParams] = useSearchParams();
  const fetcher = useFetcher<DecisionResult>();
  const toast = useToast();
  const [search, setSearch] = useState(list.search);
  const [dismissing, setDismissing] = useState<string[] | null>(null);
  const [reason, setReason] = useState("");
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(
    list.items as unknown as { [key: string]: unknown }[],
  );
  const busy = fetcher.state !== "idle";
  const kind: FindingKind = list.kinds[0];
  const focused = list.focus;
  const card = useRef<HTMLDivElement>(null);
  // A link opened this list on one item (an alert's "View product"): bring it into view.
  useEffect(() => {
    if (focused) card.current?.scrollIntoView({ block: "start" });
  }, [focused?.subject]);
  const showAll = () =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (focused) next.delete(focused.param);
        return next;
      },
      { preventScrollReset: true },
    );
  const figures = FIGURES[kind];
  const canApprove = Boolean(approveLabel) && list.approvable && list.status !== "approved";

  useEffect(() => {
    const data = fetcher.data;
    if (!data || fetcher.state !== "idle") return;
    if (data.ok) {
      toast(data.message);
      clearSelection();
      setDismissing(null);
      setReason("");
    } else toast(data.error, { error: true });
  }, [fetcher.data, fetcher.state]);

  const setFilter = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [name, value] of Object.entries(changes)) {
          if (value == null || value === "") next.delete(`${list.key}.${name}`);
          else next.set(`${list.key}.${name}`, value);
        }
        if (!("page" in changes)) next.delete(`${list.key}.page`);
        return next;
      },
      { preventScrollReset: true },
    );

  const decide = (ids: string[], decision: string, extra: Record<string, string> = {}) => {
    const form = new FormData();
    for (const id of ids) form.append("ids", id);
    form.set("decision", decision);
    for (const [name, value] of Object.entries(extra)) form.set(name, value);
    fetcher.submit(form, { method: "post", action: "/api/findings" });
  };

  const headings: IndexTableProps["headings"] = [
    { title: SUBJECT[kind] },
    ...figures.map((f) => ({ title: f.heading, alignment: f.numeric ? ("end" as const) : undefined })),
    { title: "" },
  ];
  const selected = allResourcesSelected ? list.items.map((i) => i.id) : selectedResources;
  const csv = `/api/findings.csv?${new URLSearchParams({
    kind: list.kinds.join(","),
    status: list.status,
    ...(list.search ? { q: list.search } : {}),
  })}`;
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const filtered = list.status !== "open" || list.search || focused;

  return (
    <Card padding="0">
      <div data-testid={`worklist-${list.key}`} ref={card} style={{ scrollMarginTop: 16 }}>
        <BlockStack gap="300">
          <div style={{ padding: "16px 16px 0" }}>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="start" gap="200">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    {title}{" "}
                    <Badge tone={list.total > 0 && list.status === "open" ? "attention" : undefined}>
                      {String(list.total)}
                    </Badge>
                  </Text>
                  {description ? (
                    <Text as="p" tone="subdued">
                      {description}
                    </Text>
                  ) : null}
                </BlockStack>
                <InlineStack gap="200">
                  {actions}
                  <DownloadButton url={csv} fallbackName={`${list.key}.csv`} testId={`worklist-${list.key}-csv`}>
                    Export CSV
                  </DownloadButton>
                </InlineStack>
              </InlineStack>
              {focused ? (
                <div data-testid={`worklist-${list.key}-focus`}>
                  <Banner tone="info" action={{ content: "Show the whole list", onAction: showAll }}>
                    <p>
                      {list.items.length
                        ? "Showing the item you opened, whatever its status. Approve, dismiss or snooze it here."
                        : "The agent has nothing open or decided about this item any more."}
                    </p>
                  </Banner>
                </div>
              ) : (
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    setFilter({ q: search.trim() || null });
                  }}
                >
                  <InlineStack gap="200" blockAlign="end">
                    <div style={{ minWidth: 160 }}>
                      <Select
                        label="Show"
                        options={STATUS_OPTIONS}
                        value={list.status}
                        onChange={(value) => setFilter({ status: value === "open" ? null : value })}
                      />
                    </div>
                    <div style={{ flexGrow: 1 }}>
                      <TextField
                        label="Search by product"
                        value={search}
                        onChange={setSearch}
                        autoComplete="off"
                        clearButton
                        onClearButtonClick={() => {
                          setSearch("");
                          setFilter({ q: null });
                        }}
                      />
                    </div>
                    <Button submit>Search</Button>
                  </InlineStack>
                </form>
              )}
              {dismissing ? (
                <DismissPanel
                  count={dismissing.length}
                  reason={reason}
                  setReason={setReason}
                  busy={busy}
                  onCancel={() => setDismissing(null)}
                  onDismiss={() => decide(dismissing, "dismiss", { reason })}
                />
              ) : null}
            </BlockStack>
          </div>
          {list.items.length === 0 && focused ? (
            <div style={{ height: 8 }} />
          ) : list.items.length === 0 ? (
            <div style={{ padding: "0 16px 16px" }}>
              {filtered ? (
                <EmptyHint heading="Nothing matches" body="No items with this status or search." />
              ) : (
                <EmptyHint {...empty} />
              )}
            </div>
          ) : (
            <>
              <IndexTable
                resourceName={{ singular: "item", plural: "items" }}
                itemCount={list.items.length}
                selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                onSelectionChange={handleSelectionChange}
                headings={headings}
                promotedBulkActions={[
                  ...(canApprove
                    ? [{ content: `${approveLabel} selected`, onAction: () => decide(selected, "approve") }]
                    : []),
                  { content: "Dismiss selected", onAction: () => setDismissing(selected) },
                ]}
                bulkActions={[
                  {
                    content: "Snooze selected for a day",
                    onAction: () => decide(selected, "snooze", { snooze: "day" }),
                  },
                  {
                    content: "Snooze selected for a week",
                    onAction: () => decide(selected, "snooze", { snooze: "week" }),
                  },
                  ...(list.status !== "open"
                    ? [{ content: "Reopen selected", onAction: () => decide(selected, "reopen") }]
                    : []),
                ]}
              >
                {list.items.map((item, index) => (
                  <Row
                    key={item.id}
                    item={item}
                    index={index}
                    selected={selectedResources.includes(item.id)}
                    currency={currency}
                    approveLabel={canApprove ? approveLabel : undefined}
                    busy={busy}
                    onDecide={decide}
                    onDismiss={() => setDismissing([item.id])}
                  />
                ))}
              </IndexTable>
              {pages > 1 ? (
                <div style={{ padding: "0 16px 16px" }}>
                  <InlineStack align="center" blockAlign="center" gap="200">
                    <Pagination
                      hasPrevious={list.page > 1}
                      onPrevious={() => setFilter({ page: String(list.page - 1) })}
                      hasNext={list.page < pages}
                      onNext={() => setFilter({ page: String(list.page + 1) })}
                      label={`Page ${list.page} of ${pages}`}
                    />
                  </InlineStack>
                </div>
              ) : (
                <div style={{ height: 8 }} />
              )}
            </>
          )}
        </BlockStack>
      </div>
    </Card>
  );
}

function Row({
  item,
  index,
  selected,
  currency,
  approveLabel,
  busy,
  onDecide,
  onDismiss,
}: {
  item: WorklistItem;
  index: number;
  selected: boolean;
  currency: string;
  approveLabel?: string;
  busy: boolean;
  onDecide(ids: string[], decision: string, extra?: Record<string, string>): void;
  onDismiss(): void;
}) {
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const snooze = (span: "day" | "week") => {
    setSnoozeOpen(false);
    onDecide([item.id], "snooze", { snooze: span });
  };
  const name = subjectName(item.kind, item.data);
  const variant = variantLine(item.data);
  const open = item.status === "open" || (item.status === "snoozed" && !isFuture(item.snoozedUntil));
  return (
    <IndexTable.Row id={item.id} position={index} selected={selected}>
      <IndexTable.Cell>
        <div data-testid="worklist-row" style={{ maxWidth: 420, whiteSpace: "normal" }}>
          <InlineStack gap="300" wrap={false} blockAlign="center">
            {item.productImage !== undefined ? (
              <ProductThumbnail url={item.productImage} title={name ?? item.title} />
            ) : null}
            <BlockStack gap="050">
              {name ? (
                <Text as="span" fontWeight="semibold">
                  {name}
                </Text>
              ) : null}
              {variant ? (
                <Text as="span" tone="subdued" variant="bodySm">
                  {variant}
                </Text>
              ) : null}
              <Text as="span" variant="bodySm">
                {item.title}
              </Text>
              {!open ? <StatusLine item={item} /> : null}
            </BlockStack>
          </InlineStack>
        </div>
      </IndexTable.Cell>
      {FIGURES[item.kind].map((figure) => (
        <IndexTable.Cell key={figure.heading}>
          {figure.wide ? (
            <div style={{ maxWidth: 480, minWidth: 280, whiteSpace: "pre-wrap" }} data-testid="worklist-long-text">
              <Text as="span">{figure.value(item.data, currency)}</Text>
            </div>
          ) : (
            <Text as="span" alignment={figure.numeric ? "end" : undefined} numeric={figure.numeric}>
              {figure.value(item.data, currency)}
            </Text>
          )}
        </IndexTable.Cell>
      ))}
      <IndexTable.Cell>
        {/* Buttons inside a selectable row must not toggle its selection. */}
        <div onClick={(event) => event.stopPropagation()} role="presentation">
          <InlineStack gap="100" wrap={false}>
            {approveLabel && open ? (
              <Button size="slim" variant="primary" disabled={busy} onClick={() => onDecide([item.id], "approve")}>
                {approveLabel}
              </Button>
            ) : null}
            {item.status !== "dismissed" ? (
              <Button size="slim" disabled={busy} onClick={onDismiss} accessibilityLabel={`Dismiss ${item.title}`}>
                Dismiss
              </Button>
            ) : null}
            {open ? (
              <Popover
                active={snoozeOpen}
                onClose={() => setSnoozeOpen(false)}
                activator={
                  <Button size="slim" disclosure disabled={busy} onClick={() => setSnoozeOpen((v) => !v)}>
                    Snooze
                  </Button>
                }
              >
                <ActionList
                  items={[
                    { content: "For a day", onAction: () => snooze("day") },
                    { content: "For a week", onAction: () => snooze("week") },
                  ]}
                />
              </Popover>
            ) : (
              <Button size="slim" variant="plain" disabled={busy} onClick={() => onDecide([item.id], "reopen")}>
                Reopen
              </Button>
            )}
          </InlineStack>
        </div>
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

function StatusLine({ item }: { item: WorklistItem }) {
  const text =
    item.status === "dismissed"
      ? `Dismissed: ${item.note ?? ""}`
      : item.status === "snoozed"
        ? `Snoozed until ${new Date(item.snoozedUntil ?? "").toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" })}`
        : item.status === "approved"
          ? "Approved: the change waits for you on the AIRA page"
          : item.status === "resolved"
            ? `Resolved: ${item.note ?? ""}`
            : item.status;
  return (
    <Text as="span" tone="subdued" variant="bodySm">
      {text}
    </Text>
  );
}

function DismissPanel({
  count,
  reason,
  setReason,
  busy,
  onCancel,
  onDismiss,
}: {
  count: number;
  reason: string;
  setReason(value: string): void;
  busy: boolean;
  onCancel(): void;
  onDismiss(): void;
}) {
  return (
    <div data-testid="dismiss-panel">
      <Card background="bg-surface-secondary">
        <BlockStack gap="200">
          <Text as="p" fontWeight="semibold">
            Dismiss {count === 1 ? "this item" : `${count} items`}: why?
          </Text>
          <InlineStack gap="100">
            {DISMISS_REASONS.map((r) => (
              <Button key={r} size="slim" pressed={reason === r} onClick={() => setReason(r)}>
                {r}
              </Button>
            ))}
          </InlineStack>
          <TextField label="Reason" value={reason} onChange={setReason} autoComplete="off" maxLength={500} />
          <InlineStack gap="200">
            <Button variant="primary" tone="critical" disabled={!reason.trim()} loading={busy} onClick={onDismiss}>
              Dismiss
            </Button>
            <Button onClick={onCancel}>Cancel</Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </div>
  );
}

const isFuture = (iso: string | null) => Boolean(iso && Date.parse(iso) > Date.now());
