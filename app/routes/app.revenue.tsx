import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { proposeFulfillmentHold, toolRegistry } from "../../agents/tools";
import { PagedTable } from "../components/PagedTable";
import { useToast } from "../components/AppFeedback";
import { salesOverview } from "../../agents/analytics/window";
import { nextLocalMidnight } from "../../agents/core/time";
import { nextFindingSnoozeEnd, type FindingKind } from "../../agents/findings/store";
import { syncedCounts } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { chartLinks, RevenueChart } from "../components/charts/Charts";
import { shortDay } from "../components/charts/series";
import { useReloadOnStoreChanges } from "../components/live/LiveEvents";
import { moduleErrorBoundary } from "../components/ModuleError";
import { Metrics, ModulePage, TableCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import { agentEmpty } from "../components/worklist/agentEmpty";
import { Worklist } from "../components/worklist/Worklist";
import { agentStatus, focusFromUrl, loadWorklist } from "../findings.server";
import { windowAndCurrency } from "../currency.server";
import db from "../db.server";
import { loaderMemo, pageMemoKey } from "../loader-memo.server";
import { money } from "../format";
import { MODULES } from "../modules";
import { salesKpiCards, windowTitle } from "../sales-window";
import { WindowPicker } from "../components/WindowPicker";

export const links = chartLinks;

const PRICE_KINDS: FindingKind[] = ["price_suggestion"];
const ORDER_KINDS: FindingKind[] = ["risky_order"];
const WORKLIST_KINDS = [...PRICE_KINDS, ...ORDER_KINDS];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, mode } = await requireAdmin(request);
  const now = new Date();
  const url = new URL(request.url);
  // Read once per database version (app/loader-memo.server.ts): any commit reads again.
  return loaderMemo.read(db, pageMemoKey("/app/revenue", shop, mode, url), now.getTime(), () =>
    readRevenue(shop, url, now),
  );
};

async function readRevenue(shop: string, url: URL, now: Date) {
  const { window, error, currency } = await windowAndCurrency(shop, url, now);
  const [{ report: sales, days }, { orders: ordersEver }, flagged, prices, orders, pricing, fulfillment, snoozeEnd] =
    await Promise.all([
      salesOverview(db, shop, window, now),
      syncedCounts(db, shop),
      // Raised by the order-fulfillment agent when an order's fraud score recommends a hold.
      db.alert.findMany({
        where: { shop, kind: "risky_order", resolvedAt: null },
        orderBy: { createdAt: "desc" },
        take: 20,
      }),
      loadWorklist(shop, url, { key: "prices", kinds: PRICE_KINDS }),
      loadWorklist(shop, url, { key: "orders", kinds: ORDER_KINDS, focus: focusFromUrl(url, "order") }),
      agentStatus(shop, "pricing-optimizer"),
      agentStatus(shop, "order-fulfillment"),
      nextFindingSnoozeEnd(db, shop, WORKLIST_KINDS, now),
    ]);
  // Orders the worklist already lists (a risky_order finding) are not shown twice.
  const listed = new Set(
    (
      await db.finding.findMany({
        where: { shop, kind: "risky_order", subject: { in: flagged.map((a) => `order:${orderOf(a)}`) } },
        select: { subject: true },
      })
    ).map((f) => f.subject.replace(/^order:/, "")),
  );
  const risky = flagged
    .filter((a) => !listed.has(orderOf(a)))
    .map((a) => {
      const details = (a.details ?? {}) as { order?: string; score?: number; reason?: string };
      return {
        id: a.id,
        order: details.order ?? a.title,
        score: details.score ?? null,
        reason: details.reason ?? "",
        raisedAt: a.createdAt.toISOString(),
      };
    });
  // What the clock alone changes: the shop's day (today so far, the window) and a worklist item's
  // snooze end (it moves from the snoozed list back to the open one). Risky orders are unresolved
  // alerts, which no snooze hides here.
  const nextMidnight = nextLocalMidnight(now, window.timeZone);
  return {
    validUntil: Math.min(nextMidnight, snoozeEnd?.getTime() ?? Infinity),
    data: {
      window,
      custom: url.searchParams.has("from"),
      error,
      currency,
      sales,
      // The table lists the days that had orders or refunds, newest first; the chart every day.
      days: days.filter((d) => d.orders > 0 || d.refunds > 0).reverse(),
      series: days,
      ordersEver,
      risky,
      worklists: { prices, orders, pricing, fulfillment },
    },
  };
}

const orderOf = (alert: { title: string; details: unknown }) =>
  ((alert.details ?? {}) as { order?: string }).order ?? alert.title;

/** Holding an order is a store change: it is proposed here and applied only on approval (AIRA page). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const orderName = String(form.get("orderName") ?? "");
  const result = await toolRegistry.run(await admin.toolContext(), proposeFulfillmentHold, {
    orderName,
    hold: true,
    reason: "HIGH_RISK_OF_FRAUD",
    note: "Flagged by the fraud score on the Revenue page",
  });
  return result.ok
    ? { ok: true as const, orderName, summary: result.data.summary }
    : { ok: false as const, orderName, message: result.message, hint: result.hint ?? null };
};

export const ErrorBoundary = moduleErrorBoundary("/app/revenue");

export default function Revenue() {
  const { window, custom, error, currency, sales, days, series, ordersEver, risky, worklists } =
    useLoaderData<typeof loader>();
  // New orders, stock or catalog changes reach this page without a reload.
  useReloadOnStoreChanges(["orders", "products"]);
  const module = MODULES.find((m) => m.path === "/app/revenue")!;
  const period = windowTitle(window, custom);
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <WindowPicker window={window} error={error} />
      <Metrics
        metrics={[...salesKpiCards(sales, ["revenue", "orders", "averageOrderValue", "refunds"], period, currency)]}
      />
      {days.length > 0 ? (
        <RevenueChart
          title="Revenue by day"
          description={`${window.label}, in the shop's time zone; cancelled orders excluded.`}
          points={series}
          currency={currency}
        />
      ) : null}
      <TableCard
        title="Revenue by day"
        headings={["Day", "Orders", "Revenue", "Refunds"]}
        rows={days.map((d) => [shortDay(d.day), d.orders, money(d.revenue, currency), money(d.refunds, currency)])}
        empty={
          ordersEver === 0
            ? {
                heading: "No orders synced yet",
                body: "Run the store sync to bring in the store's orders.",
                action: <RunAgentButton agent="store-sync" title="Store sync" />,
              }
            : {
                heading: `No orders in ${window.label}`,
                body: "Older orders are synced; revenue appears here as new orders arrive (webhooks keep the copy current).",
              }
        }
        testId="revenue-by-day"
      />
      <Worklist
        title="Price suggestions"
        description="Prices that should earn more profit a day, from how your customers reacted to past prices, within your margin floor. Approving proposes the change; it applies once you approve it on the AIRA page."
        list={worklists.prices}
        currency={currency}
        approveLabel="Propose price"
        empty={agentEmpty(worklists.pricing, "No price change to suggest")}
      />
      <Worklist
        title="Orders to review for fraud"
        description="Orders whose fraud score recommends holding fulfillment. Approving proposes a hold; it applies once you approve it on the AIRA page."
        list={worklists.orders}
        currency={currency}
        approveLabel="Propose hold"
        empty={agentEmpty(worklists.fulfillment, "No order looks risky")}
      />
      {risky.length > 0 ? <RiskyOrders orders={risky} /> : null}
    </ModulePage>
  );
}

type RiskyOrder = { id: string; order: string; score: number | null; reason: string; raisedAt: string };

function RiskyOrders({ orders }: { orders: RiskyOrder[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Orders flagged for fraud risk
        </Text>
        {orders.length === 0 ? (
          <Text as="p" tone="subdued">
            No open fraud flags. The order-fulfillment agent scores new orders and flags the ones whose score recommends
            holding fulfillment.
          </Text>
        ) : (
          <div data-testid="risky-orders">
            <PagedTable
              label="Orders flagged as risky"
              columnContentTypes={["text", "numeric", "text", "text"]}
              headings={["Order", "Score", "Why", ""]}
              rows={orders.map((o) => [
                o.order,
                o.score ?? "—",
                o.reason,
                <HoldButton key={o.id} orderName={o.order} />,
              ])}
            />
          </div>
        )}
      </BlockStack>
    </Card>
  );
}

function HoldButton({ orderName }: { orderName: string }) {
  const fetcher = useFetcher<typeof action>();
  const toast = useToast();
  const result = fetcher.data;
  useEffect(() => {
    if (!result) return;
    toast(
      result.ok
        ? `Hold of ${result.orderName} proposed; approve it on the AIRA page.`
        : `${result.message}${result.hint ? ` ${result.hint}` : ""}`,
      { error: !result.ok },
    );
  }, [result, toast]);
  if (result?.ok) {
    return (
      <InlineStack gap="200" blockAlign="center">
        <Badge tone="attention">Waiting for approval</Badge>
        <Link to="/app/aira">Review</Link>
      </InlineStack>
    );
  }
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="orderName" value={orderName} />
      <Button
        submit
        size="slim"
        loading={fetcher.state !== "idle"}
        accessibilityLabel={`Propose holding fulfillment of ${orderName}`}
      >
        Hold fulfillment
      </Button>
    </fetcher.Form>
  );
}
