// Purchase orders: drafts from the reorder plan, edited while draft, then ordered -> partly received
// -> received (or cancelled, kept for history). Received quantities only ever change through a
// receipt whose stock change was applied in the store (receiving.ts reconciles them).
import type { Prisma, PurchaseOrder, PurchaseOrderLine } from "@prisma/client";
import { actorLabel, type ToolContext } from "../core/context";
import { fail, ok, type ToolResult } from "../core/result";
import { audit } from "../core/audit";
import { chunks } from "../db/chunk";
import { databaseKind, type Db } from "../db/client";
import { loadCatalog } from "../data/catalog";

export const PO_STATUSES = ["draft", "ordered", "partly_received", "received", "cancelled"] as const;
export type PoStatus = (typeof PO_STATUSES)[number];
/** Statuses whose not-yet-received units are on their way (on-order stock for the reorder plan). */
export const OPEN_STATUSES: PoStatus[] = ["ordered", "partly_received"];

export const poNumber = (n: number) => `PO-${String(n).padStart(4, "0")}`;

export type PurchaseOrderWithLines = PurchaseOrder & { lines: PurchaseOrderLine[] };

/** A line of the reorder plan, as suggest_purchase_order returns it. */
export interface PlanLine {
  variantId: string;
  quantity: number;
  unitCost: number | null;
}

const MAX_NUMBER_ATTEMPTS = 5;

/** Creates a PO with the shop's next number; two creations racing for a number retry with the next one. */
async function createNumbered(db: Db, data: Omit<Prisma.PurchaseOrderUncheckedCreateInput, "number">) {
  for (let attempt = 1; ; attempt++) {
    const last = await db.purchaseOrder.findFirst({
      where: { shop: data.shop },
      orderBy: { number: "desc" },
      select: { number: true },
    });
    try {
      return await db.purchaseOrder.create({
        data: { ...data, number: (last?.number ?? 0) + 1 },
        include: { lines: true },
      });
    } catch (error) {
      const unique = (error as { code?: string }).code === "P2002";
      if (!unique || attempt >= MAX_NUMBER_ATTEMPTS) throw error;
    }
  }
}

/** One draft PO for a vendor from its reorder-plan lines (titles and SKUs from the synced catalog). */
export async function createDraft(
  ctx: ToolContext,
  vendor: string,
  planLines: PlanLine[],
): Promise<ToolResult<PurchaseOrderWithLines>> {
  const wanted = planLines.filter((l) => l.quantity > 0);
  if (wanted.length === 0) return fail("invalid_input", `The reorder plan has nothing to order from ${vendor}.`);
  const catalog = new Map(
    (await loadCatalog(ctx.db, ctx.shop, { variantIds: wanted.map((l) => l.variantId) })).map((v) => [v.variantId, v]),
  );
  const lines = wanted.flatMap((l) => {
    const v = catalog.get(l.variantId);
    if (!v) return [];
    return [
      {
        variantId: v.variantId,
        inventoryItemId: v.inventoryItemId,
        productTitle: v.productTitle,
        variantTitle: v.variantTitle,
        sku: v.sku,
        quantityOrdered: Math.round(l.quantity),
        unitCost: l.unitCost ?? v.unitCost,
      },
    ];
  });
  if (lines.length === 0) return fail("not_found", `None of ${vendor}'s items are in the synced catalog any more.`);
  const po = await createNumbered(ctx.db, {
    shop: ctx.shop,
    vendor,
    createdBy: actorLabel(ctx.actor),
    lines: { create: lines },
  });
  await audit(ctx, {
    action: "purchase_order.create",
    input: { purchaseOrderId: po.id, number: poNumber(po.number), vendor, lines: lines.length },
    outcome: "ok",
  });
  return ok(po);
}

async function loadOwn(db: Db, shop: string, id: string) {
  return db.purchaseOrder.findFirst({ where: { id, shop }, include: { lines: { orderBy: { createdAt: "asc" } } } });
}

function notFound(id: string) {
  return fail("not_found", `No purchase order ${id} in this shop.`);
}

export interface DraftEdit {
  note?: string | null;
  expectedAt?: Date | null;
  lines?: { lineId: string; quantity: number; unitCost: number | null }[];
  remove?: string[];
  addVariantId?: string;
}

/** Edits a draft: header, line quantities and costs, removed lines, an added variant. Non-drafts refuse. */
export async function editDraft(
  ctx: ToolContext,
  id: string,
  edit: DraftEdit,
): Promise<ToolResult<PurchaseOrderWithLines>> {
  const po = await loadOwn(ctx.db, ctx.shop, id);
  if (!po) return notFound(id);
  if (po.status !== "draft")
    return fail(
      "conflict",
      `${poNumber(po.number)} is ${statusLabel(po.status)}; only drafts can be edited.`,
      "Cancel it and create a new one to change an order already placed.",
    );
  const lineIds = new Set(po.lines.map((l) => l.id));
  for (const line of edit.lines ?? []) {
    if (!lineIds.has(line.lineId)) return fail("not_found", `Line ${line.lineId} is not on ${poNumber(po.number)}.`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 1_000_000)
      return fail("invalid_input", "Quantities must be whole numbers from 1 to 1,000,000; remove a line to drop it.");
    if (line.unitCost !== null && !(Number.isFinite(line.unitCost) && line.unitCost >= 0))
      return fail("invalid_input", "Unit costs must be amounts of 0 or more.");
  }
  let added: Prisma.PurchaseOrderLineCreateManyInput | undefined;
  if (edit.addVariantId) {
    if (po.lines.some((l) => l.variantId === edit.addVariantId))
      return fail("conflict", "That variant is already on this order; change its quantity instead.");
    const [v] = await loadCatalog(ctx.db, ctx.shop, { variantIds: [edit.addVariantId] });
    if (!v) return fail("not_found", "That variant is not in the synced catalog.");
    added = {
      purchaseOrderId: po.id,
      variantId: v.variantId,
      inventoryItemId: v.inventoryItemId,
      productTitle: v.productTitle,
      variantTitle: v.variantTitle,
      sku: v.sku,
      quantityOrdered: 1,
      unitCost: v.unitCost,
    };
  }
  await ctx.db.$transaction([
    ctx.db.purchaseOrder.update({
      where: { id: po.id },
      data: {
        ...(edit.note !== undefined ? { note: edit.note } : {}),
        ...(edit.expectedAt !== undefined ? { expectedAt: edit.expectedAt } : {}),
      },
    }),
    ...(edit.lines ?? []).map((l) =>
      ctx.db.purchaseOrderLine.update({
        where: { id: l.lineId },
        data: { quantityOrdered: l.quantity, unitCost: l.unitCost },
      }),
    ),
    ...chunks(edit.remove ?? []).map((chunk) =>
      ctx.db.purchaseOrderLine.deleteMany({ where: { purchaseOrderId: po.id, id: { in: chunk } } }),
    ),
    ...(added ? [ctx.db.purchaseOrderLine.create({ data: added })] : []),
  ]);
  await audit(ctx, { action: "purchase_order.edit", input: { purchaseOrderId: po.id, ...edit }, outcome: "ok" });
  return ok((await loadOwn(ctx.db, ctx.shop, id))!);
}

/**
 * draft -> ordered (needs a line); draft | ordered | partly received -> cancelled (kept, read-only; what
 * was received stays received, the rest is no longer on order). Receiving moves the other statuses.
 */
export async function changeStatus(
  ctx: ToolContext,
  id: string,
  to: "ordered" | "cancelled",
): Promise<ToolResult<PurchaseOrderWithLines>> {
  const po = await loadOwn(ctx.db, ctx.shop, id);
  if (!po) return notFound(id);
  const label = poNumber(po.number);
  if (to === "ordered") {
    if (po.status !== "draft")
      return fail("conflict", `${label} is ${statusLabel(po.status)}; only drafts can be ordered.`);
    if (po.lines.length === 0) return fail("invalid_input", `${label} has no lines; add at least one before ordering.`);
  } else {
    const pending = await ctx.db.purchaseReceipt.count({ where: { purchaseOrderId: po.id, status: "pending" } });
    if (!["draft", "ordered", "partly_received"].includes(po.status) || pending > 0)
      return fail(
        "conflict",
        pending > 0
          ? `${label} has a delivery waiting for approval; approve or deny it first.`
          : `${label} is already ${statusLabel(po.status)}.`,
      );
  }
  // Guarded on the status read above, so a concurrent change is not overwritten.
  const now = ctx.now();
  const changed = await ctx.db.purchaseOrder.updateMany({
    where: { id: po.id, status: po.status },
    data: to === "ordered" ? { status: "ordered", orderedAt: now } : { status: "cancelled", cancelledAt: now },
  });
  if (changed.count !== 1) return fail("conflict", `${label} changed meanwhile; reload and try again.`);
  await audit(ctx, {
    action: `purchase_order.${to}`,
    input: { purchaseOrderId: po.id, from: po.status },
    outcome: "ok",
  });
  return ok((await loadOwn(ctx.db, ctx.shop, id))!);
}

export function statusLabel(status: string): string {
  return status === "partly_received" ? "partly received" : status;
}

/** Units on their way per variant: ordered minus received on ordered and partly received POs. */
export async function onOrderByVariant(db: Db, shop: string): Promise<Map<string, number>> {
  const lines = await db.purchaseOrderLine.findMany({
    where: { purchaseOrder: { shop, status: { in: OPEN_STATUSES } } },
    select: { variantId: true, quantityOrdered: true, quantityReceived: true },
  });
  const onOrder = new Map<string, number>();
  for (const l of lines)
    onOrder.set(l.variantId, (onOrder.get(l.variantId) ?? 0) + Math.max(0, l.quantityOrdered - l.quantityReceived));
  return onOrder;
}

export async function listPurchaseOrders(db: Db, shop: string, filter: { status?: string } = {}) {
  return db.purchaseOrder.findMany({
    where: { shop, ...(filter.status ? { status: filter.status } : {}) },
    include: { lines: true },
    orderBy: { number: "desc" },
    take: 200,
  });
}

export async function getPurchaseOrder(db: Db, shop: string, id: string) {
  return loadOwn(db, shop, id);
}

const csvCell = (v: string | number | null | undefined) => {
  const s = v == null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The PO as CSV for the vendor or a spreadsheet: one row per line. */
export function purchaseOrderCsv(po: PurchaseOrderWithLines): string {
  const rows = [
    [
      "PO",
      "Vendor",
      "Status",
      "Product",
      "Variant",
      "SKU",
      "Quantity ordered",
      "Unit cost",
      "Line cost",
      "Quantity received",
    ],
    ...po.lines.map((l) => [
      poNumber(po.number),
      po.vendor,
      statusLabel(po.status),
      l.productTitle,
      l.variantTitle,
      l.sku,
      l.quantityOrdered,
      l.unitCost == null ? null : l.unitCost.toFixed(2),
      l.unitCost == null ? null : (l.unitCost * l.quantityOrdered).toFixed(2),
      l.quantityReceived,
    ]),
  ];
  return rows.map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}

/** Variants whose product title, variant title or SKU contains the text, ignoring case (to add to a draft). */
export async function searchVariants(db: Db, shop: string, q: string, limit: number) {
  // SQLite's LIKE ignores ASCII case already; PostgreSQL needs it asked for.
  const contains = (databaseKind(db) === "postgresql" ? { contains: q, mode: "insensitive" } : { contains: q }) as {
    contains: string;
  };
  const products = await db.mirrorProduct.findMany({
    where: { shop, title: contains },
    select: { id: true },
    take: 50,
  });
  const variants = await db.mirrorVariant.findMany({
    where: { shop, OR: [{ sku: contains }, { title: contains }, { productId: { in: products.map((p) => p.id) } }] },
    select: { id: true },
    take: limit,
  });
  const catalog = await loadCatalog(db, shop, { variantIds: variants.map((v) => v.id) });
  return catalog.map((v) => ({
    variantId: v.variantId,
    name:
      v.variantTitle && v.variantTitle !== "Default Title" ? `${v.productTitle} – ${v.variantTitle}` : v.productTitle,
    sku: v.sku,
  }));
}
