import { describe, expect, it } from "vitest";
import { dailySalesInsert } from "./rollups";
import { dialect, forEachPackedRow, selectRows } from "./sql";
import { addDays, daysBetween, nextDay } from "../core/time";

describe("analytics SQL helpers", () => {
  it("spell UTC days and months per provider, and quote values safely", () => {
    expect(dialect("sqlite").day('"createdAt"')).toBe('substr("createdAt", 1, 10)');
    expect(dialect("postgresql").month('o."createdAt"')).toBe(`to_char(o."createdAt", 'YYYY-MM')`);
    expect(dialect("sqlite").lit("shop'; DROP TABLE x; --")).toBe("'shop''; DROP TABLE x; --'");
    expect(dialect("postgresql").lit(new Date("2026-03-01T00:00:00Z"))).toBe("'2026-03-01T00:00:00.000+00:00'");
  });

  it("count days across month and leap-year ends", () => {
    expect(nextDay("2024-02-28")).toBe("2024-02-29");
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(364);
  });

  it("return PostgreSQL's bigint and numeric results as numbers", async () => {
    const db = {
      $queryRawUnsafe: async () => [
        { n: 12n, avg: { toNumber: () => 2.5 }, day: "2026-01-01", at: new Date(0), none: null, flag: true },
      ],
    };
    expect(await selectRows(db as never, "SELECT 1")).toEqual([
      { n: 12, avg: 2.5, day: "2026-01-01", at: new Date(0), none: null, flag: 1 },
    ]);
  });

  it("read packed rows' numbers exactly as Number() reads their text", async () => {
    const texts = ["0", "-0", "1.", ".5", "1e21", "-1.5E-7", "", "0.1", "123456789012345", "1234567890123456", "abc"];
    for (let i = 0; i < 2000; i++) {
      const cents = Math.floor(Math.random() * 1e9) * (i % 3 === 0 ? -1 : 1);
      texts.push((cents / 100).toString(), (cents / 1000).toFixed(3), String(Math.random() * 1e6));
    }
    const packed = texts.map((t, i) => `${t}\tid-${i}\twith\ttabs`).join("\n");
    const db = { $queryRawUnsafe: async () => [{ rows: packed.slice(0, 1000) + packed.slice(1000) }] };
    const seen: [number, string][] = [];
    const count = await forEachPackedRow(db as never, dialect("sqlite"), "SELECT 1", ["n", "id"], (row) =>
      seen.push([row.num(0), row.text(1)]),
    );
    expect(count).toBe(texts.length);
    seen.forEach(([n, id], i) => {
      expect(Object.is(n, Number(texts[i]))).toBe(true);
      expect(id).toBe(`id-${i}\twith\ttabs`);
    });
  });

  it("scope the rollup statement to one shop and shop-local day, or to every shop for the backfill", () => {
    const d = dialect("sqlite");
    const scoped = dailySalesInsert(d, { shop: "a.myshopify.com", day: "2026-01-01" });
    expect(scoped.match(/"shop" = 'a\.myshopify\.com'/g)).toHaveLength(3);
    expect(scoped).toContain(`co."localDay" = '2026-01-01' AND co."cancelledAt" IS NOT NULL`);
    expect(dailySalesInsert(d, {})).not.toMatch(/"shop" = '/);
  });
});
