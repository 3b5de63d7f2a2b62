import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { main, OUTPUT_COLUMNS } from "./cli";
import { rng, weeklySeries } from "./testing/synthetic";

const dir = mkdtempSync(path.join(tmpdir(), "forecast-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(argv: string[]) {
  const out: string[] = [],
    err: string[] = [];
  return main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }).then((code) => ({
    code,
    stdout: out.join(""),
    stderr: err.join(""),
  }));
}

function isoDate(offset: number): string {
  return new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

describe("forecast CLI", () => {
  it("forecasts every SKU end to end, filling missing days with zero and skipping short histories", async () => {
    const rows = ["quantity,sku,date"]; // columns in a different order on purpose
    weeklySeries(rng(1), 90, 20, 2).forEach((q, t) => {
      if (t % 11 !== 5) rows.push(`${q.toFixed(0)},TEE-S,${isoDate(t)}`); // missing rows = zero-sale days
    });
    rows.push(`3,TEE-S,${isoDate(89)}`); // duplicate day adds up
    for (let t = 80; t < 90; t += 3) rows.push(`1,NEW-SKU,${isoDate(t)}`);
    const input = path.join(dir, "sales.csv"),
      output = path.join(dir, "forecast.csv");
    writeFileSync(input, rows.join("\n") + "\n");

    const res = await run(["--in", input, "--out", output, "--horizon", "14"]);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/skipped NEW-SKU: insufficient_history/);
    const text = readFileSync(output, "utf8");
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0])).toEqual([...OUTPUT_COLUMNS]);
    const tee = records.filter((r) => r.sku === "TEE-S");
    expect(tee).toHaveLength(14);
    expect(tee[0].date).toBe(isoDate(90));
    expect(tee[13].date).toBe(isoDate(103));
    for (const r of tee) {
      const [f, lo80, hi80, lo95, hi95] = [r.forecast, r.lo80, r.hi80, r.lo95, r.hi95].map(Number);
      expect(lo95).toBeGreaterThanOrEqual(0);
      expect(lo95).toBeLessThanOrEqual(lo80);
      expect(lo80).toBeLessThanOrEqual(f);
      expect(f).toBeLessThanOrEqual(hi80);
      expect(hi80).toBeLessThanOrEqual(hi95);
      expect(r.model).not.toBe("");
    }
    expect(records.filter((r) => r.sku === "NEW-SKU")).toEqual([
      {
        sku: "NEW-SKU",
        date: "",
        forecast: "",
        lo80: "",
        hi80: "",
        lo95: "",
        hi95: "",
        model: "skipped:insufficient_history",
      },
    ]);
  });

  it("prints to stdout without --out", async () => {
    const input = path.join(dir, "small.csv");
    writeFileSync(
      input,
      ["date,sku,quantity", ...weeklySeries(rng(2), 40).map((q, t) => `${isoDate(t)},A,${q.toFixed(1)}`)].join("\n"),
    );
    const res = await run(["--in", input, "--horizon", "3"]);
    expect(res.code).toBe(0);
    expect(res.stdout.trim().split("\n")).toHaveLength(4);
  });

  it("rejects a bad header", async () => {
    const input = path.join(dir, "bad-header.csv");
    writeFileSync(input, "day,sku,qty\n2025-01-01,A,1\n");
    const res = await run(["--in", input]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/line 1: header must contain the columns date,sku,quantity/);
  });

  it("names the line of a bad row", async () => {
    const input = path.join(dir, "bad-row.csv");
    writeFileSync(input, "date,sku,quantity\n2025-01-01,A,1\n2025-01-02,A,-4\n");
    let res = await run(["--in", input]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/line 3: quantity must be a number >= 0, got "-4"/);
    writeFileSync(input, "date,sku,quantity\n2025-01-01,A,1\n01/02/2025,A,4\n");
    res = await run(["--in", input]);
    expect(res.stderr).toMatch(/line 3: date must be YYYY-MM-DD/);
  });

  it("rejects bad arguments with usage", async () => {
    expect((await run(["--in", "x.csv", "--horizon", "-3"])).stderr).toMatch(/--horizon must be a whole number/);
    const res = await run(["--bogus"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/usage:/);
    expect((await run(["--in", path.join(dir, "missing.csv")])).stderr).toMatch(/cannot read --in .*ENOENT/);
  });
});
