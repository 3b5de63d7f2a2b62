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

  it("takes a calendar of the shop's events: past event days teach their effect, future ones get it", async () => {
    // A 3-day sale every 5 weeks sells 2.5x; the horizon holds the next one (days 175-177).
    const saleDays = new Set<number>();
    for (let start = 0; start < 200; start += 35) for (let d = 0; d < 3; d++) saleDays.add(start + d);
    const n = 175;
    const base = weeklySeries(rng(7), n + 14, 20, 2);
    const actual = base.map((q, t) => Math.round(q * (saleDays.has(t) ? 2.5 : 1)));
    const input = path.join(dir, "promo-sales.csv"),
      calendarFile = path.join(dir, "events.csv");
    writeFileSync(
      input,
      ["date,sku,quantity", ...actual.slice(0, n).map((q, t) => `${isoDate(t)},PROMO,${q}`)].join("\n"),
    );
    writeFileSync(
      calendarFile,
      ["Date,Event", ...[...saleDays].filter((t) => t < n + 14).map((t) => `${isoDate(t)},spring_sale`)].join("\n"),
    );
    const plain = await run(["--in", input, "--horizon", "14"]);
    const withCalendar = await run(["--in", input, "--horizon", "14", "--calendar", calendarFile]);
    expect(plain.code).toBe(0);
    expect(withCalendar.code).toBe(0);
    const forecastOf = (csv: string) =>
      (parse(csv, { columns: true }) as Record<string, string>[]).map((r) => Number(r.forecast));
    const [p, c] = [forecastOf(plain.stdout), forecastOf(withCalendar.stdout)];
    expect(c).toHaveLength(14);
    // Sale days: lifted by the learned factor (the sales fall on quiet weekdays, so against the
    // 28-day baseline the factor is below 2.5, and it is shrunk towards 1 by 3 pseudo-days).
    for (const j of [0, 1, 2]) expect(c[j] / p[j]).toBeGreaterThan(1.3);
    // Ordinary days: the weekday level without the sales, which the plain forecast smears over them.
    for (let j = 3; j < 14; j++) expect(Math.abs(c[j] / base[n + j] - 1)).toBeLessThan(0.2);
    const sse = (f: number[]) => f.reduce((s, v, j) => s + (v - actual[n + j]) ** 2, 0);
    expect(sse(c)).toBeLessThan(sse(p) / 2);
  });

  it("names the line of a bad calendar row", async () => {
    const input = path.join(dir, "cal-sales.csv"),
      calendarFile = path.join(dir, "bad-events.csv");
    writeFileSync(input, "date,sku,quantity\n2025-01-01,A,1\n");
    writeFileSync(calendarFile, "date,event\n2025-01-01,sale\n2025-01-01,clearance\n");
    let res = await run(["--in", input, "--calendar", calendarFile]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/calendar line 3: 2025-01-01 already has the event "sale"; one event per day/);
    writeFileSync(calendarFile, "day,name\n2025-01-01,sale\n");
    res = await run(["--in", input, "--calendar", calendarFile]);
    expect(res.stderr).toMatch(/calendar line 1: header must contain the columns date,event/);
    writeFileSync(calendarFile, "date,event\n2025-1-1,sale\n");
    res = await run(["--in", input, "--calendar", calendarFile]);
    expect(res.stderr).toMatch(/calendar line 2: date must be YYYY-MM-DD/);
    res = await run(["--in", input, "--calendar", path.join(dir, "missing-events.csv")]);
    expect(res.stderr).toMatch(/cannot read --calendar .*ENOENT/);
  });

  it("rejects bad arguments with usage", async () => {
    expect((await run(["--in", "x.csv", "--horizon", "-3"])).stderr).toMatch(/--horizon must be a whole number/);
    const res = await run(["--bogus"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/usage:/);
    expect((await run(["--in", path.join(dir, "missing.csv")])).stderr).toMatch(/cannot read --in .*ENOENT/);
  });
});
