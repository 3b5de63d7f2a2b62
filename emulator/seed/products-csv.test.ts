import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parseProductsCsv, ProductCsvError, readProductsCsvDir, readProductsCsvFile } from "./products-csv";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const sampleDir = path.resolve(repoRoot, "../shared/data/shopify-sample-products");
const FILES = ["apparel.csv", "jewelery.csv", "home-and-garden.csv"];

/** Independent count straight from the raw CSV: distinct handles, and rows that carry a variant. */
function countRaw(file: string) {
  const rows = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const handles = new Set(rows.map((r) => r.Handle));
  const firstRowOf = new Set<string>();
  let variants = 0;
  for (const r of rows) {
    const isFirst = !firstRowOf.has(r.Handle);
    firstRowOf.add(r.Handle);
    if (isFirst || r["Option1 Value"] || r["Variant SKU"] || r["Variant Price"]) variants++;
  }
  const images = rows.filter((r) => r["Image Src"]).length;
  return { products: handles.size, variants, images };
}

describe.skipIf(!existsSync(sampleDir))("Shopify sample product CSVs", () => {
  for (const file of FILES) {
    it(`reads ${file} with the right product and variant counts`, () => {
      const full = path.join(sampleDir, file);
      const expected = countRaw(full);
      const products = readProductsCsvFile(full, { createdAt: "2025-01-01T00:00:00.000Z" });
      expect(products.length).toBe(expected.products);
      expect(products.reduce((s, p) => s + p.variants.length, 0)).toBe(expected.variants);
      for (const p of products) {
        expect(p.title.length).toBeGreaterThan(0);
        expect(p.variants.length).toBeGreaterThan(0);
        for (const v of p.variants) {
          expect(v.price).toBeGreaterThanOrEqual(0);
          expect(v.sku.length).toBeGreaterThan(0);
          expect(v.unitCost).toBeGreaterThan(0.3 * v.price);
          expect(v.unitCost).toBeLessThan(0.61 * v.price);
        }
      }
    });
  }

  it("keeps option names from the first row, images in position order, and marks filled-in SKUs and costs", () => {
    const products = readProductsCsvFile(path.join(sampleDir, "jewelery.csv"), {
      createdAt: "2025-01-01T00:00:00.000Z",
    });
    const anchor = products.find((p) => p.handle === "leather-anchor")!;
    expect(anchor.variants.map((v) => v.title)).toEqual(["Gold", "Silver"]);
    expect(anchor.variants[1].options).toEqual([{ name: "Color", value: "Silver" }]);
    expect(anchor.variants[1].price).toBe(55);
    expect(anchor.variants[1].compareAtPrice).toBe(85);
    expect(anchor.imageUrls!.length).toBe(3);
    expect(anchor.imageUrl).toBe(anchor.imageUrls![0]);
    expect(anchor.tags).toEqual(["Anchor", "Gold", "Leather", "Silver"]);
    expect(anchor.filledIn).toEqual(expect.arrayContaining(["sku", "unitCost"]));
    const single = products.find((p) => p.handle === "bangle-bracelet")!;
    expect(single.variants).toHaveLength(1);
    expect(single.variants[0].title).toBe("Default Title");
  });

  it("reads the folder with unique SKUs and ids, deterministically", () => {
    const a = readProductsCsvDir(sampleDir, { createdAt: "2025-01-01T00:00:00.000Z" });
    const b = readProductsCsvDir(sampleDir, { createdAt: "2025-01-01T00:00:00.000Z" });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const variants = a.flatMap((p) => p.variants);
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    expect(new Set(variants.map((v) => v.id)).size).toBe(variants.length);
    expect(a.length).toBe(FILES.reduce((s, f) => s + countRaw(path.join(sampleDir, f)).products, 0));
  });
});

const HEADER =
  "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,Variant Price,Variant Compare At Price,Cost per item,Image Src,Status";

describe("parseProductsCsv on hand-written input", () => {
  it("groups rows by handle, keeps given SKUs and costs, and reads status", () => {
    const csv = [
      HEADER,
      'tee,Tee,<p>Soft</p>,Acme,Shirts,"a, b",true,Size,S,TEE-S,4,20.00,25,8.5,https://x/1.jpg,draft',
      "tee,,,,,,,,M,TEE-M,2,21.00,,9,https://x/2.jpg,",
      "mug,Mug,,Acme,,,false,Title,Default Title,MUG,1,9.5,,,,",
    ].join("\n");
    const [tee, mug] = parseProductsCsv(csv, { createdAt: "2025-01-01T00:00:00.000Z", locationId: 5 });
    expect(tee.status).toBe("DRAFT");
    expect(tee.variants.map((v) => [v.sku, v.price, v.unitCost, v.inventory[5]])).toEqual([
      ["TEE-S", 20, 8.5, 4],
      ["TEE-M", 21, 9, 2],
    ]);
    expect(tee.filledIn).toBeUndefined();
    expect(tee.tags).toEqual(["a", "b"]);
    expect(mug.status).toBe("DRAFT"); // Published false, no Status
    expect(mug.filledIn).toEqual(["unitCost"]);
  });

  it("names the missing Handle column", () => {
    const csv = "Title,Variant Price\nTee,20\n";
    expect(() => parseProductsCsv(csv, { source: "bad.csv" })).toThrow(ProductCsvError);
    expect(() => parseProductsCsv(csv, { source: "bad.csv" })).toThrow(/bad\.csv: missing the "Handle" column/);
  });

  it("names the row and column of a non-numeric price", () => {
    const csv = [HEADER, "tee,Tee,,,,,true,Size,S,,1,20,,,,", "tee,,,,,,,,M,,1,twenty,,,,"].join("\n");
    try {
      parseProductsCsv(csv, { source: "prices.csv" });
      expect.fail("expected a ProductCsvError");
    } catch (err) {
      expect(err).toBeInstanceOf(ProductCsvError);
      const e = err as ProductCsvError;
      expect(e.row).toBe(3);
      expect(e.column).toBe("Variant Price");
      expect(e.message).toMatch(/prices\.csv: row 3 \(line 3\), column "Variant Price": "twenty" is not a number/);
    }
  });

  it("rejects an empty handle, a missing first-row title, a missing option value and duplicate variants", () => {
    expect(() => parseProductsCsv([HEADER, ",Tee,,,,,true,Size,S,,1,20,,,,"].join("\n"))).toThrow(
      /row 2 .*"Handle": Handle is empty/,
    );
    expect(() => parseProductsCsv([HEADER, "tee,,,,,,true,Size,S,,1,20,,,,"].join("\n"))).toThrow(
      /"Title": the first row of product "tee" has no Title/,
    );
    expect(() =>
      parseProductsCsv([HEADER, "tee,Tee,,,,,true,Size,S,,1,20,,,,", "tee,,,,,,,,,SKU2,1,20,,,,"].join("\n")),
    ).toThrow(/row 3 .*"Option1 Value": is empty but the product has option "Size"/);
    expect(() =>
      parseProductsCsv([HEADER, "tee,Tee,,,,,true,Size,S,,1,20,,,,", "tee,,,,,,,,S,,1,20,,,,"].join("\n")),
    ).toThrow(/two variants with the options "S"/);
    expect(() => parseProductsCsv([HEADER, "tee,Tee,,,,,true,Size,S,,1.5,20,,,,"].join("\n"))).toThrow(
      /"Variant Inventory Qty": "1.5" is not a whole number/,
    );
    expect(() => parseProductsCsv("")).toThrow(/the file is empty/);
  });
});
