// A purchase order as CSV (for the vendor or a spreadsheet), fetched by the page's download button.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPurchaseOrder, poNumber, purchaseOrderCsv } from "../../agents/purchasing/orders";
import { requireAdmin } from "../auth.server";
import db from "../db.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const po = await getPurchaseOrder(db, shop, params.id!);
  if (!po) return Response.json({ error: "No such purchase order in this shop." }, { status: 404 });
  return new Response(purchaseOrderCsv(po), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${poNumber(po.number)}.csv"`,
    },
  });
};
