// The figures a worklist shows beside each item, per kind, in the merchant's words: product first,
// variant and SKU second, money in the shop's currency, dates as days.
import type { FindingKind } from "../../../agents/findings/store";
import { count, money } from "../../format";

export interface Figure {
  heading: string;
  value(data: Record<string, unknown>, currency: string): string;
  numeric?: boolean;
  /** Long text (a reply draft): wrapped in its cell, line breaks kept. */
  wide?: boolean;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const text = (v: unknown) => (typeof v === "string" && v ? v : null);
const units = (v: unknown) => (num(v) == null ? "—" : count(Math.round(num(v)! * 10) / 10));
const cash = (v: unknown, currency: string) => (num(v) == null ? "—" : money(num(v)!, currency));
// One formatter, not one per cell (toLocaleDateString with options builds a new one each call).
const dayFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});
const day = (v: unknown) => (text(v) ? dayFormat.format(new Date(`${text(v)!.slice(0, 10)}T00:00:00Z`)) : "—");
const pct = (v: unknown) => (num(v) == null ? "—" : `${Math.round(num(v)! * 1000) / 10}%`);
const pair = (v: unknown) => v as { before?: number; after?: number } | undefined;

/** "Gold · SKU BR-1" under the product's title (no variant for a product's only one). */
export function variantLine(data: Record<string, unknown>): string | null {
  const variant = text(data.variant);
  const sku = text(data.sku);
  const parts = [variant && variant !== "Default Title" ? variant : null, sku ? `SKU ${sku}` : null].filter(Boolean);
  return parts.length ? parts.join(" · ") : null;
}

export const FIGURES: Record<FindingKind, Figure[]> = {
  stockout_risk: [
    { heading: "In stock", value: (d) => units(d.onHand), numeric: true },
    { heading: "Days of stock", value: (d) => units(d.daysOfCover), numeric: true },
    { heading: "Runs out", value: (d) => day(d.stockoutDate) },
    {
      heading: "Expected to sell",
      value: (d) => {
        const f = d.forecast as { days?: number; units?: number; lo80?: number; hi80?: number } | undefined;
        return f ? `${units(f.units)} in ${f.days} days (likely ${units(f.lo80)}–${units(f.hi80)})` : "—";
      },
    },
  ],
  reorder_line: [
    { heading: "Vendor", value: (d) => text(d.vendor) ?? "—" },
    { heading: "Order", value: (d) => units(d.quantity), numeric: true },
    { heading: "In stock", value: (d) => units(d.onHand), numeric: true },
    { heading: "Unit cost", value: (d, c) => cash(d.unitCost, c), numeric: true },
    { heading: "Line cost", value: (d, c) => cash(d.lineCost, c), numeric: true },
  ],
  price_suggestion: [
    { heading: "Price now", value: (d, c) => cash(d.currentPrice, c), numeric: true },
    { heading: "Suggested", value: (d, c) => cash(d.proposedPrice, c), numeric: true },
    {
      heading: "Profit a day",
      value: (d, c) => `${cash(pair(d.profitPerDay)?.before, c)} → ${cash(pair(d.profitPerDay)?.after, c)}`,
    },
    {
      heading: "Price sensitivity",
      value: (d) => {
        const interval = d.elasticityInterval as { lo95: number; hi95: number } | null;
        const e = num(d.elasticity);
        if (e == null) return "—";
        return interval ? `${e.toFixed(2)} (${interval.lo95.toFixed(2)} to ${interval.hi95.toFixed(2)})` : e.toFixed(2);
      },
    },
  ],
  trending_product: [
    { heading: "Change a week", value: (d) => (num(d.slopePerWeek) == null ? "—" : `+${units(d.slopePerWeek)} units`) },
    { heading: "Last weeks", value: (d) => ((d.weeklyUnits as number[]) ?? []).slice(-6).join(", ") },
  ],
  falling_product: [
    { heading: "Change a week", value: (d) => (num(d.slopePerWeek) == null ? "—" : `${units(d.slopePerWeek)} units`) },
    { heading: "Last weeks", value: (d) => ((d.weeklyUnits as number[]) ?? []).slice(-6).join(", ") },
  ],
  dead_stock: [
    { heading: "In stock", value: (d) => units(d.onHand), numeric: true },
    { heading: "Value at cost", value: (d, c) => cash(d.valueAtCost, c), numeric: true },
    { heading: "Last sold", value: (d) => (text(d.lastSaleDate) ? day(d.lastSaleDate) : "never") },
  ],
  bundle: [
    { heading: "Orders together", value: (d) => units(d.orders), numeric: true },
    { heading: "Times more likely together", value: (d) => units(d.lift), numeric: true },
  ],
  category_gap: [
    { heading: "Share of demand", value: (d) => pct(d.demandShare), numeric: true },
    { heading: "Share of catalogue", value: (d) => pct(d.catalogueShare), numeric: true },
    { heading: "Share of stock", value: (d) => pct(d.stockShare), numeric: true },
  ],
  risky_order: [
    { heading: "Risk", value: (d) => `${units(d.score)} / 100` },
    {
      heading: "Why",
      value: (d) =>
        ((d.factors as { evidence: string }[]) ?? [])
          .map((f) => f.evidence)
          .slice(0, 3)
          .join("; ") || "—",
    },
  ],
  revenue_anomaly: [
    { heading: "Revenue", value: (d, c) => cash(d.revenue, c), numeric: true },
    { heading: "Expected", value: (d, c) => cash(d.expected, c), numeric: true },
  ],
  security_finding: [],
  campaign_proposal: [
    { heading: "Customers", value: (d) => units(d.audienceSize), numeric: true },
    {
      heading: "Offer",
      value: (d) => `${units(d.suggestedDiscountPct)}% off with ${text(d.suggestedCode) ?? "a code"}`,
    },
    { heading: "Expected revenue", value: (d, c) => cash(d.expectedRevenue, c), numeric: true },
    { heading: "Discount cost", value: (d, c) => cash(d.expectedDiscountCost, c), numeric: true },
    { heading: "Extra revenue after discount", value: (d, c) => cash(d.expectedNetRevenue, c), numeric: true },
  ],
  campaign_result: [
    { heading: "Orders", value: (d) => units(d.orders), numeric: true },
    { heading: "Revenue", value: (d, c) => cash(d.revenue, c), numeric: true },
    { heading: "Discounts given", value: (d, c) => cash(d.discountCost, c), numeric: true },
    {
      heading: "Order value vs no code",
      value: (d) =>
        num(d.aovChangePct) == null ? "—" : `${num(d.aovChangePct)! >= 0 ? "+" : ""}${pct(d.aovChangePct)}`,
    },
    { heading: "New customers", value: (d) => units(d.newCustomers), numeric: true },
  ],
  overdue_ticket: [
    { heading: "Customer", value: (d) => text(d.email) ?? "—" },
    { heading: "Priority", value: (d) => text(d.priority) ?? "—" },
    { heading: "Opened", value: (d) => day(d.openedAt) },
    {
      heading: "Late by",
      value: (d) => (num(d.hoursOver) == null ? "—" : `${units(d.hoursOver)} h (target ${units(d.targetHours)} h)`),
    },
  ],
  reply_draft: [
    { heading: "Customer", value: (d) => text(d.email) ?? "—" },
    { heading: "Draft", value: (d) => text(d.draft) ?? "—", wide: true },
    { heading: "Written by", value: (d) => (text(d.draftedBy) === "template" ? "Template" : "AI model") },
  ],
};

/** The heading of the item column: what a row is about. */
export const SUBJECT: Record<FindingKind, string> = {
  stockout_risk: "Product",
  reorder_line: "Product",
  price_suggestion: "Product",
  trending_product: "Product",
  falling_product: "Product",
  dead_stock: "Product",
  bundle: "Products",
  category_gap: "Category",
  risky_order: "Order",
  revenue_anomaly: "Day",
  security_finding: "Finding",
  campaign_proposal: "Campaign",
  campaign_result: "Discount code",
  overdue_ticket: "Ticket",
  reply_draft: "Ticket",
};

/** The product's name for the row's first line (the title says the rest). */
export function subjectName(kind: FindingKind, data: Record<string, unknown>): string | null {
  if (kind === "bundle") return ((data.products as { title: string }[]) ?? []).map((p) => p.title).join(" + ");
  if (kind === "category_gap") return text(data.category);
  if (kind === "risky_order") return text(data.order);
  if (kind === "revenue_anomaly") return day(data.date);
  if (kind === "campaign_proposal") return text(data.name);
  if (kind === "campaign_result") return text(data.code);
  if (kind === "overdue_ticket" || kind === "reply_draft") return text(data.subject);
  return text(data.product);
}
