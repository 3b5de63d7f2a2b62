// Vendors' terms per shop (lead time, minimum order, case pack, contact). The vendor is the
// products' vendor name: the list shows every vendor the catalog names, saved or not yet.
import type { Vendor } from "@prisma/client";
import { z } from "zod";
import type { Db } from "../db/client";
import { fail, ok, type ToolResult } from "../core/result";
import { dialect, num, selectRows } from "../analytics/sql";

const optionalInt = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a whole number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be at least ${min}`)
    .max(max, `${label} must be at most ${max}`)
    .nullable();

export const vendorInput = z.object({
  name: z.string().trim().min(1, "Vendor name is required").max(200),
  leadTimeDays: optionalInt("Lead time", 0, 120),
  minimumOrder: optionalInt("Minimum order", 1, 100_000),
  casePack: optionalInt("Case pack", 1, 10_000),
  email: z.email("Contact email is not a valid email address").max(200).nullable(),
  notes: z.string().trim().max(2_000).nullable(),
});
export type VendorInput = z.infer<typeof vendorInput>;

export interface VendorRow {
  name: string;
  /** Products in the catalog with this vendor. */
  products: number;
  saved: Vendor | null;
}

/**
 * Every vendor the catalog names, plus saved vendors no product uses any more, by name. Counting
 * products per vendor reads the whole catalog's (shop, vendor) index (100k entries at 100k
 * products): in SQL, so on SQLite in the reader thread (ADR 0029), off the web process's event loop.
 */
export async function listVendors(db: Db, shop: string): Promise<VendorRow[]> {
  const [saved, used] = await Promise.all([
    db.vendor.findMany({ where: { shop } }),
    selectRows<{ vendor: string; products: number }>(
      db,
      `SELECT "vendor", COUNT(*) AS "products" FROM "MirrorProduct"
       WHERE "shop" = ${dialect().lit(shop)} AND "vendor" IS NOT NULL GROUP BY "vendor"`,
    ),
  ]);
  const rows = new Map<string, VendorRow>();
  for (const u of used) if (u.vendor) rows.set(u.vendor, { name: u.vendor, products: num(u.products), saved: null });
  for (const v of saved) rows.set(v.name, { name: v.name, products: rows.get(v.name)?.products ?? 0, saved: v });
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function saveVendor(db: Db, shop: string, input: unknown): Promise<ToolResult<Vendor>> {
  const parsed = vendorInput.safeParse(input);
  if (!parsed.success) return fail("invalid_input", parsed.error.issues.map((i) => i.message).join("; "));
  const { name, ...terms } = parsed.data;
  const vendor = await db.vendor.upsert({
    where: { shop_name: { shop, name } },
    create: { shop, name, ...terms },
    update: terms,
  });
  return ok(vendor);
}

export async function vendorTerms(db: Db, shop: string): Promise<Map<string, Vendor>> {
  return new Map((await db.vendor.findMany({ where: { shop } })).map((v) => [v.name, v]));
}
