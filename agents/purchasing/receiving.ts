// Receiving a delivery: the merchant counts what arrived per line and location; that becomes ONE
// inventory.adjust proposal (adds the units, approved like every store change). The PO's received
// quantities follow the action's fate, reconciled on read: applied -> counted, denied/failed -> void,
// reverted -> taken back. So a PO never claims stock the store did not get.
import type { Prisma } from "@prisma/client";
import { proposeAction, type ProposedAction } from "../actions/actions";
import { actorLabel, type ToolContext } from "../core/context";
import { fail, ok, type ToolResult } from "../core/result";
import { loadCatalog } from "../data/catalog";
import { inChunks } from "../db/chunk";
import type { Db } from "../db/client";
import { locationName, shopLocations } from "./locations";
import { getPurchaseOrder, OPEN_STATUSES, poNumber, statusLabel, type PurchaseOrderWithLines } from "./orders";

export interface ReceiptLine {
  lineId: string;
  locationId: string;
  quantity: number;
}

const storedLines = (json: Prisma.JsonValue) => json as unknown as ReceiptLine[];

/** Where each line's item is stocked (most stock first: the default place to receive it). */
export async function receivingOptions(ctx: ToolContext, po: PurchaseOrderWithLines) {
  const [catalog, names, pending] = await Promise.all([
    loadCatalog(ctx.db, ctx.shop, { variantIds: po.lines.map((l) => l.variantId) }),
    shopLocations(ctx),
    pendingByLine(ctx.db, po.id),
  ]);
  const byVariant = new Map(catalog.map((v) => [v.variantId, v]));
  return po.lines.map((line) => {
    const variant = byVariant.get(line.variantId);
    const locations = [...(variant?.stockByLocation ?? [])]
      .sort((a, b) => b.available - a.available)
      .map((s) => ({ id: s.locationId, name: locationName(names, s.locationId), available: s.available }));
    const awaiting = pending.get(line.id) ?? 0;
    return {
      lineId: line.id,
      deleted: !variant || !variant.inventoryItemId,
      locations,
      awaitingApproval: awaiting,
      remaining: Math.max(0, line.quantityOrdered - line.quantityReceived - awaiting),
    };
  });
}

/** Units per line in receipts still waiting for approval. */
async function pendingByLine(db: Db, purchaseOrderId: string): Promise<Map<string, number>> {
  const receipts = await db.purchaseReceipt.findMany({ where: { purchaseOrderId, status: "pending" } });
  const pending = new Map<string, number>();
  for (const r of receipts)
    for (const l of storedLines(r.lines)) pending.set(l.lineId, (pending.get(l.lineId) ?? 0) + l.quantity);
  return pending;
}

/**
 * Records a delivery against an ordered or partly received PO and proposes the stock change.
 * Every line is checked before anything is written: a bad line refuses the whole delivery.
 */
export async function receiveDelivery(
  ctx: ToolContext,
  purchaseOrderId: string,
  items: ReceiptLine[],
): Promise<ToolResult<{ receiptId: string; action: ProposedAction }>> {
  await reconcileReceipts(ctx.db, ctx.shop, purchaseOrderId);
  const po = await getPurchaseOrder(ctx.db, ctx.shop, purchaseOrderId);
  if (!po) return fail("not_found", `No purchase order ${purchaseOrderId} in this shop.`);
  const label = poNumber(po.number);
  if (!OPEN_STATUSES.includes(po.status as (typeof OPEN_STATUSES)[number]))
    return fail("conflict", `${label} is ${statusLabel(po.status)}; only ordered POs can be received.`);
  if (items.length === 0) return fail("invalid_input", "Enter the quantity received for at least one line.");

  const options = new Map((await receivingOptions(ctx, po)).map((o) => [o.lineId, o]));
  const lines = new Map(po.lines.map((l) => [l.id, l]));
  const seen = new Set<string>();
  const perLine = new Map<string, number>();
  const names = await shopLocations(ctx);
  const changes = [];
  for (const item of items) {
    const line = lines.get(item.lineId);
    if (!line) return fail("not_found", `That line is not on ${label}.`);
    const what = `${line.productTitle}${line.variantTitle && line.variantTitle !== "Default Title" ? ` – ${line.variantTitle}` : ""}`;
    if (!Number.isInteger(item.quantity) || item.quantity <= 0)
      return fail(
        "invalid_input",
        `${what}: the quantity received must be a whole number above 0 (got ${item.quantity}).`,
      );
    const option = options.get(line.id)!;
    if (option.deleted || !line.inventoryItemId)
      return fail(
        "not_found",
        `${what} was deleted from the store, so its stock cannot be received.`,
        "Leave this line empty and receive the others.",
      );
    const location = option.locations.find((l) => l.id === item.locationId);
    if (!location)
      return fail(
        "invalid_input",
        `${what} is not stocked at ${locationName(names, item.locationId)}; choose one of its locations.`,
      );
    const key = `${line.id}:${item.locationId}`;
    if (seen.has(key)) return fail("invalid_input", `${what} is listed twice for ${location.name}.`);
    seen.add(key);
    const total = (perLine.get(line.id) ?? 0) + item.quantity;
    perLine.set(line.id, total);
    if (total > option.remaining)
      return fail(
        "invalid_input",
        `${what}: receiving ${total} is more than the ${option.remaining} still expected (${line.quantityOrdered} ordered, ${line.quantityReceived} received${option.awaitingApproval ? `, ${option.awaitingApproval} awaiting approval` : ""}).`,
        "Receive at most what is still expected; record extra units as a stock correction.",
      );
    changes.push({
      inventoryItemId: line.inventoryItemId,
      locationId: item.locationId,
      locationName: location.name,
      sku: line.sku,
      title: what,
      delta: item.quantity,
    });
  }
  const units = changes.reduce((a, c) => a + c.delta, 0);
  const proposed = await proposeAction(ctx, {
    kind: "inventory.adjust",
    tool: "receive_purchase_order",
    summary: `Receive ${units} unit${units === 1 ? "" : "s"} from ${po.vendor} (${label})`,
    after: { reason: "received", referenceDocumentUri: `gid://royal-equips/PurchaseOrder/${po.id}`, items: changes },
  });
  if (!proposed.ok) return proposed;
  const receipt = await ctx.db.purchaseReceipt.create({
    data: {
      shop: ctx.shop,
      purchaseOrderId: po.id,
      actionId: proposed.data.id,
      lines: items as unknown as Prisma.InputJsonValue,
      createdBy: actorLabel(ctx.actor),
    },
  });
  // An auto-approved proposal is applied already: count it now.
  await reconcileReceipts(ctx.db, ctx.shop, po.id);
  return ok({ receiptId: receipt.id, action: proposed.data });
}

/**
 * Brings POs in line with their receipts' actions: an applied action adds its units to the lines,
 * a denied or failed one voids the receipt, a reverted one takes its units back. Each receipt is
 * claimed by a status-guarded update inside the transaction, so concurrent readers count it once.
 */
export async function reconcileReceipts(db: Db, shop: string, purchaseOrderId?: string): Promise<void> {
  const receipts = await db.purchaseReceipt.findMany({
    where: { shop, status: { in: ["pending", "applied"] }, ...(purchaseOrderId ? { purchaseOrderId } : {}) },
    select: { id: true, actionId: true, status: true, purchaseOrderId: true, lines: true },
  });
  if (receipts.length === 0) return;
  const actions = new Map(
    // Applied receipts stay applied, so over the years a shop has more than one statement may list.
    (
      await inChunks(
        receipts.map((r) => r.actionId),
        (chunk) =>
          db.action.findMany({
            where: { id: { in: chunk }, status: { in: ["applied", "denied", "failed", "reverted"] } },
            select: { id: true, status: true },
          }),
      )
    ).map((a) => [a.id, a.status]),
  );
  for (const receipt of receipts) {
    const actionStatus = actions.get(receipt.actionId);
    if (!actionStatus) continue;
    let to: "applied" | "void" | "reverted" | null = null;
    let sign = 0;
    if (receipt.status === "pending") {
      if (actionStatus === "applied") [to, sign] = ["applied", 1];
      else [to, sign] = ["void", 0]; // denied, failed, or applied and reverted before anyone looked: net nothing
    } else if (actionStatus === "reverted") [to, sign] = ["reverted", -1];
    if (!to) continue;
    await db.$transaction(async (tx) => {
      const claimed = await tx.purchaseReceipt.updateMany({
        where: { id: receipt.id, status: receipt.status },
        data: { status: to, settledAt: new Date() },
      });
      if (claimed.count !== 1 || sign === 0) return;
      for (const line of storedLines(receipt.lines))
        await tx.purchaseOrderLine.update({
          where: { id: line.lineId },
          data: { quantityReceived: { increment: sign * line.quantity } },
        });
      await settleStatus(tx, receipt.purchaseOrderId);
    });
  }
}

/** An ordered PO's status from its lines: all received -> received, some -> partly received. */
async function settleStatus(tx: Prisma.TransactionClient, purchaseOrderId: string) {
  const po = await tx.purchaseOrder.findUniqueOrThrow({ where: { id: purchaseOrderId }, include: { lines: true } });
  if (!["ordered", "partly_received", "received"].includes(po.status)) return;
  const received = po.lines.reduce((a, l) => a + l.quantityReceived, 0);
  const complete = po.lines.every((l) => l.quantityReceived >= l.quantityOrdered);
  const status = complete ? "received" : received > 0 ? "partly_received" : "ordered";
  if (status === po.status) return;
  await tx.purchaseOrder.update({
    where: { id: po.id },
    data: { status, receivedAt: status === "received" ? new Date() : null },
  });
}
