import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, Button, Card } from "@shopify/polaris";
import { dailySalesBetween } from "../../agents/analytics/rollups";
import { salesEndDay } from "../../agents/data/catalog";
import { forecastSeries } from "../../agents/forecasting";
import { lowStock, countsOf } from "../../agents/overview/queries";
import { requireAdmin } from "../auth.server";
import { chartLinks, ForecastChart } from "../components/charts/Charts";
import { useReloadOnStoreChanges } from "../components/live/LiveEvents";
import { moduleErrorBoundary } from "../components/ModuleError";
import { EmptyHint, Metrics, ModulePage, TableCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import { agentEmpty } from "../components/worklist/agentEmpty";
import { Worklist } from "../components/worklist/Worklist";
import { agentStatus, focusFromUrl, loadWorklist } from "../findings.server";
import { shopCurrency } from "../currency.server";
import db from "../db.server";
import { count } from "../format";
import { MODULES } from "../modules";
import { modelText, variantName } from "../components/merchant-words";
import { addDays, daysBetween, nextDay, nextLocalMidnight } from "../../agents/core/time";
import { nextFindingSnoozeEnd, type FindingKind } from "../../agents/findings/store";
import { shopTimeZone } from "../../agents/mirror/local-days";
import { loaderMemo, pageMemoKey } from "../loader-memo.server";
import { loadCatalog } from "../../agents/data/catalog";
import { suggestPurchaseOrder } from "../../agents/inventory/tools";
import { onOrderByVariant } from "../../agents/purchasing/orders";
import { locationName, shopLocations } from "../../agents/purchasing/locations";
import { toolRegistry } from "../../agents/tools/index";
import type { ToolContext } from "../../agents/core/context";

export const links = chartLinks;

const HISTORY_DAYS = 182;
const HORIZON_DAYS = 28;
const SHOWN_HISTORY_DAYS = 56;
const LEVEL = 80;

/** Units sold per day across the store, and the forecasting engine's next four weeks with an 80% interval. */
async function storeDemandForecast(shop: string, now: Date) {
  const end = await salesEndDay(db, shop, now);
  // The daily rollup already sums every day's units (182 rows, not every line item of half a year).
  const start = addDays(end, -(HISTORY_DAYS - 1));
  const total = new Array<number>(HISTORY_DAYS).fill(0);
  for (const row of await dailySalesBetween(db, shop, start, end)) total[daysBetween(start, row.day)] = row.units;
  const sales = { start };
  const first = total.findIndex((n) => n > 0);
  if (first < 0) return null;
  const series = total.slice(first);
  const outcome = forecastSeries(series, { horizon: HORIZON_DAYS, levels: [LEVEL] });
  if (!outcome.ok) return { ok: false as const, message: outcome.message };
  const dayOf = (index: number) => addDays(sales.start, first + index);
  const shownFrom = Math.max(0, series.length - SHOWN_HISTORY_DAYS);
  const firstForecastDay = nextDay(end);
  const [interval] = outcome.intervals;
  return {
    ok: true as const,
    model: outcome.model,
    history: series.slice(shownFrom).map((units, i) => ({ day: dayOf(shownFrom + i), units })),
    forecast: outcome.forecast.map((units, i) => ({
      day: addDays(firstForecastDay, i),
      units,
      lo: Math.max(0, interval.lower[i]),
      hi: interval.upper[i],
    })),
    totalUnits: Math.round(outcome.forecast.reduce((a, b) => a + b, 0)),
  };
}

/**
 * The lowest-stock items per location, with units on order and, for items the reorder plan orders now,
 * their reorder point. Only for shops with several locations: with one, the total says it all.
 */
async function stockByLocation(ctx: ToolContext, lowest: readonly Awaited<ReturnType<typeof lowStock>>[number][]) {
  const itemIds = lowest.map((l) => l.inventoryItemId);
  const variants = await db.mirrorVariant.findMany({
    where: { shop: ctx.shop, inventoryItemId: { in: itemIds } },
    select: { id: true },
  });
  const catalog = await loadCatalog(db, ctx.shop, { variantIds: variants.map((v) => v.id) });
  const locationIds = [...new Set(catalog.flatMap((v) => v.stockByLocation.map((s) => s.locationId)))].sort();
  if (locationIds.length < 2) return null;
  const skus = catalog.map((v) => v.sku).filter((s): s is string => Boolean(s));
  const [names, onOrder, plan] = await Promise.all([
    shopLocations(ctx),
    onOrderByVariant(db, ctx.shop),
    skus.length ? toolRegistry.run(ctx, suggestPurchaseOrder, { skus }) : null,
  ]);
  const reorder = new Map(
    plan?.ok ? plan.data.orders.flatMap((o) => o.lines.map((l) => [l.variantId, l] as const)) : [],
  );
  const order = new Map(itemIds.map((id, i) => [id, i]));
  catalog.sort((a, b) => (order.get(a.inventoryItemId!) ?? 0) - (order.get(b.inventoryItemId!) ?? 0));
  return {
    locations: locationIds.map((id) => locationName(names, id)),
    rows: catalog.map((v) => ({
      name: variantName(v.productTitle, v.variantTitle),
      sku: v.sku,
      stock: locationIds.map((id) => v.stockByLocation.find((s) => s.locationId === id)?.available ?? 0),
      total: v.onHand,
      onOrder: onOrder.get(v.variantId) ?? 0,
      reorderPoint: reorder.get(v.variantId)?.reorderPoint ?? null,
    })),
  };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  const { shop, mode } = admin;
  const url = new URL(request.url);
  const now = new Date();
  // Read once per database version (ADR 0039): summing every stock level is ~0.2 s of CPU at 100k
  // products. The per-location table is read on every load: it asks for the reorder plan, a stored
  // analysis whose read asks the worker for a refresh once it is stale (ADR 0015), and the
  // locations' names come from Shopify.
  const page = await loaderMemo.read(db, pageMemoKey("/app/inventory", shop, mode, url), now.getTime(), () =>
    readInventory(shop, url, now),
  );
  const { lowestItems, ...shown } = page;
  const perLocation = lowestItems.length ? await stockByLocation(await admin.toolContext(), lowestItems) : null;
  return { ...shown, perLocation };
};

const WORKLIST_KINDS: FindingKind[] = ["stockout_risk", "reorder_line"];

async function readInventory(shop: string, url: URL, now: Date) {
  const [counts, lowest, forecast, risks, reorders, forecasting, currency, timeZone, snoozeEnd] = await Promise.all([
    countsOf(db, shop, ["products", "variants"]),
    lowStock(db, shop, 15),
    storeDemandForecast(shop, now),
    loadWorklist(shop, url, { key: "risks", kinds: ["stockout_risk"], focus: focusFromUrl(url, "variant") }),
    loadWorklist(shop, url, { key: "reorder", kinds: ["reorder_line"], focus: focusFromUrl(url, "variant") }),
    agentStatus(shop, "inventory-forecasting"),
    shopCurrency(shop),
    shopTimeZone(db, shop),
    nextFindingSnoozeEnd(db, shop, WORKLIST_KINDS, now),
  ]);
  // Product titles first, SKUs second: the merchant knows products by name.
  const products = await db.mirrorProduct.findMany({
    where: { shop, id: { in: lowest.map((l) => l.productId).filter((id): id is string => Boolean(id)) } },
    select: { id: true, title: true },
  });
  const titles = new Map(products.map((p) => [p.id, p.title]));
  // What the clock alone changes: the shop's day (the forecast's last day) and a snoozed item's end.
  const nextMidnight = nextLocalMidnight(now, timeZone);
  return {
    validUntil: Math.min(nextMidnight, snoozeEnd?.getTime() ?? Infinity),
    data: {
      counts,
      lowest: lowest.map((l) => ({
        name: variantName(l.productId ? titles.get(l.productId) : null, l.title),
        sku: l.sku ?? null,
        available: l.available,
      })),
      lowestItems: lowest,
      forecast,
      risks,
      reorders,
      forecasting,
      currency,
    },
  };
}

export const ErrorBoundary = moduleErrorBoundary("/app/inventory");

export default function Inventory() {
  const { counts, lowest, forecast, perLocation, risks, reorders, forecasting, currency } =
    useLoaderData<typeof loader>();
  // New orders, stock or catalog changes reach this page without a reload.
  useReloadOnStoreChanges(["inventory", "products", "orders"]);
  const module = MODULES.find((m) => m.path === "/app/inventory")!;
  const syncButton = <RunAgentButton agent="store-sync" title="Store sync" />;
  return (
    <ModulePage
      title={module.title}
      summary={module.summary}
      links={[
        { content: "Purchase orders", url: "/app/purchase-orders" },
        { content: "Vendors", url: "/app/settings/vendors" },
      ]}
    >
      <Metrics
        metrics={[
          { label: "Products", value: count(counts.products) },
          { label: "Variants", value: count(counts.variants) },
          ...(forecast?.ok
            ? [{ label: `Units forecast (next ${HORIZON_DAYS} days)`, value: count(forecast.totalUnits) }]
            : []),
        ]}
      />
      {forecast?.ok ? (
        <ForecastChart
          title={`Units sold and forecast, next ${HORIZON_DAYS} days`}
          description={`All variants together: the last ${SHOWN_HISTORY_DAYS} days sold, then the forecast (${modelText(forecast.model)}) with its ${LEVEL}% interval. Variants that may run out are listed below.`}
          history={forecast.history}
          forecast={forecast.forecast}
          level={LEVEL}
        />
      ) : forecast ? (
        <Banner tone="info" title="Not enough sales history to forecast yet">
          <p>{forecast.message}</p>
        </Banner>
      ) : counts.variants > 0 ? null : (
        <Card>
          <EmptyHint
            heading="No inventory synced yet"
            body="Run the store sync to copy products, variants and stock levels; forecasts follow from the synced orders."
            action={syncButton}
          />
        </Card>
      )}
      <Worklist
        title="May run out"
        description={`Variants expected to sell out before new stock could arrive, soonest first.${forecasting.summary ? ` Last check: ${forecasting.summary}.` : ""}`}
        list={risks}
        currency={currency}
        empty={agentEmpty(forecasting, "No variant is expected to run out")}
      />
      <Worklist
        title="Reorder"
        description="What to reorder per vendor so stock lasts until the next delivery (from the demand forecast and your lead time)."
        list={reorders}
        currency={currency}
        empty={agentEmpty(forecasting, "Nothing to reorder")}
        actions={<Button url="/app/purchase-orders">Purchase orders</Button>}
      />
      <TableCard
        title="Lowest stock"
        headings={["Product", "SKU", "Available"]}
        rows={lowest.map((l) => [l.name, l.sku ?? "—", l.available])}
        empty={{
          heading: "No stock levels synced",
          body: "Run the store sync to see stock by variant across locations.",
          action: counts.variants > 0 ? syncButton : undefined,
        }}
        testId="lowest-stock"
      />
      {perLocation ? (
        <TableCard
          title="Stock by location"
          headings={["Item", "SKU", ...perLocation.locations, "Total", "On order", "Reorder point"]}
          rows={perLocation.rows.map((r) => [
            r.name,
            r.sku ?? "—",
            ...r.stock,
            r.total,
            r.onOrder,
            r.reorderPoint == null ? "—" : count(Math.ceil(r.reorderPoint)),
          ])}
          empty={{ heading: "No stock levels synced", body: "Run the store sync to see stock per location." }}
          testId="stock-by-location"
        />
      ) : null}
    </ModulePage>
  );
}
