// The slices every long `in` list is read in: distinct items, in order, none lost, none longer than
// the size; no query at all for an empty list.
import { describe, expect, it } from "vitest";
import { chunks, countInChunks, IN_CHUNK, inChunks } from "./chunk";

describe("chunks", () => {
  it("keeps every distinct item once, in first-seen order, in slices of at most the size", () => {
    const items = Array.from({ length: 1_234 }, (_, i) => `id-${i % 1_001}`);
    const slices = chunks(items, 500);
    expect(slices.map((s) => s.length)).toEqual([500, 500, 1]);
    expect(slices.flat()).toEqual(Array.from({ length: 1_001 }, (_, i) => `id-${i}`));
    expect(chunks([], 500)).toEqual([]);
    expect(chunks(new Set([3, 1, 2]), 2)).toEqual([[3, 1], [2]]);
  });

  it("stays well under SQLite's 999 bound values by default, and refuses a size that is not a positive integer", () => {
    expect(IN_CHUNK).toBeLessThanOrEqual(900);
    expect(chunks(Array.from({ length: 2_000 }, (_, i) => i)).every((s) => s.length <= IN_CHUNK)).toBe(true);
    expect(() => chunks([1], 0)).toThrow(/positive integer/);
    expect(() => chunks([1], 2.5)).toThrow(/positive integer/);
  });
});

describe("inChunks and countInChunks", () => {
  it("run one query per slice, one after another, and join the rows or sum the counts", async () => {
    const seen: number[][] = [];
    let running = 0;
    const rows = await inChunks(
      Array.from({ length: 1_100 }, (_, i) => i),
      async (chunk) => {
        expect(running).toBe(0); // never two slices at once (they may share a transaction)
        running++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
        seen.push(chunk);
        return chunk.filter((n) => n % 2 === 0).map((n) => ({ n }));
      },
      400,
    );
    expect(seen.map((s) => s.length)).toEqual([400, 400, 300]);
    expect(rows).toHaveLength(550);
    expect(rows[549]).toEqual({ n: 1_098 });
    expect(await countInChunks([1, 2, 3, 3, 4], async (chunk) => ({ count: chunk.length * 10 }), 3)).toBe(40);
  });

  it("join slices that each match more rows than a call can take as arguments", async () => {
    // Every line item of 500 variants on a big store: far more than push(...rows) can spread.
    const rows = await inChunks([1, 2], async (chunk) => Array.from({ length: 300_000 }, () => chunk[0]), 1);
    expect(rows).toHaveLength(600_000);
    expect(rows[599_999]).toBe(2);
  });

  it("ask nothing for an empty list", async () => {
    let calls = 0;
    const query = async () => {
      calls++;
      return [{ count: 1 }];
    };
    expect(await inChunks([], query)).toEqual([]);
    expect(await countInChunks([], async () => ({ count: (await query()).length }))).toBe(0);
    expect(calls).toBe(0);
  });
});
