import { describe, expect, it } from "vitest";
import { seededRandom } from "../pricing/simulate";
import { findBundles, findBundlesPaced } from "./bundles";

describe("findBundles", () => {
  it("matches support, confidence and lift computed by hand on a small basket set", () => {
    const orders = [
      ["tent", "stakes", "lamp"],
      ["tent", "stakes"],
      ["tent", "stakes", "stakes"], // duplicate line counts once
      ["tent", "lamp"],
      ["lamp"],
      ["stakes"],
      ["mug"],
      ["tent", "stakes", "mug"],
      ["mug", "lamp"],
      ["tent"],
    ];
    // N = 10. tent: 6, stakes: 5, lamp: 4, mug: 3. tent&stakes: 4, tent&lamp: 2, stakes&lamp: 1, tent&mug: 1, stakes&mug: 1, mug&lamp: 1.
    const r = findBundles(orders, { minCount: 2, minSupport: 0, minConfidence: 0.3 });
    expect(r.orderCount).toBe(10);
    expect(r.pairs.map((p) => p.items.slice().sort().join("+"))).toEqual(["stakes+tent", "lamp+tent"]);
    const ts = r.pairs[0];
    expect(ts.count).toBe(4);
    expect(ts.support).toBeCloseTo(0.4, 12);
    expect(ts.lift).toBeCloseTo(0.4 / (0.6 * 0.5), 12); // 1.333
    const stakesToTent = r.rules.find((x) => x.antecedent[0] === "stakes" && x.consequent === "tent")!;
    expect(stakesToTent.confidence).toBeCloseTo(4 / 5, 12);
    expect(stakesToTent.lift).toBeCloseTo(0.8 / 0.6, 12);
    const tentToStakes = r.rules.find((x) => x.antecedent[0] === "tent" && x.consequent === "stakes")!;
    expect(tentToStakes.confidence).toBeCloseTo(4 / 6, 12);
    // tent & lamp: support 0.2, lift 0.2 / (0.6 * 0.4) = 0.833; lamp->tent conf 0.5, tent->lamp conf 0.333.
    const tl = r.pairs[1];
    expect(tl.lift).toBeCloseTo(0.2 / 0.24, 12);
    expect(
      r.rules
        .filter((x) => x.count === 2)
        .map((x) => `${x.antecedent[0]}>${x.consequent}`)
        .sort(),
    ).toEqual(["lamp>tent", "tent>lamp"]);
    // Sorted by lift.
    for (let i = 1; i < r.rules.length; i++) expect(r.rules[i - 1].lift).toBeGreaterThanOrEqual(r.rules[i].lift);
  });

  it("recovers planted co-purchase pairs and a triple in 30k random orders, with exact counts", () => {
    const rand = seededRandom(42);
    const catalogue = Array.from({ length: 300 }, (_, i) => `p${i}`);
    const orders: string[][] = [];
    for (let o = 0; o < 30_000; o++) {
      const basket = new Set<string>();
      const size = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < size; k++) basket.add(catalogue[Math.floor(rand() * catalogue.length)]);
      // Planted: 40% of orders with p1 also get p2; 30% of p3 orders get p4; phone+case+charger as a set.
      if (basket.has("p1") && rand() < 0.4) basket.add("p2");
      if (basket.has("p3") && rand() < 0.3) basket.add("p4");
      if (rand() < 0.01) ["phone", "case", "charger"].forEach((x) => basket.add(x));
      orders.push([...basket]);
    }
    const r = findBundles(orders, { minCount: 20, minSupport: 0.0005, minConfidence: 0.2, includeTriples: true });
    const key = (items: string[]) => items.slice().sort().join("+");
    const found = new Set(r.pairs.filter((p) => p.lift > 5).map((p) => key(p.items)));
    for (const k of ["p1+p2", "p3+p4", "case+phone", "charger+phone", "case+charger"]) expect(found.has(k)).toBe(true);
    // Nothing else has a high lift: random pairs have expected lift ~1.
    expect(found.size).toBe(5);
    expect(r.triples.map((t) => key(t.items))).toEqual(["case+charger+phone"]);

    // Brute-force check of the reported numbers for p1 -> p2.
    const has = (o: string[], x: string) => o.includes(x);
    const n1 = orders.filter((o) => has(o, "p1")).length;
    const n2 = orders.filter((o) => has(o, "p2")).length;
    const n12 = orders.filter((o) => has(o, "p1") && has(o, "p2")).length;
    const rule = r.rules.find((x) => x.antecedent.join() === "p1" && x.consequent === "p2")!;
    expect(rule.count).toBe(n12);
    expect(rule.support).toBeCloseTo(n12 / orders.length, 12);
    expect(rule.confidence).toBeCloseTo(n12 / n1, 12);
    expect(rule.lift).toBeCloseTo(n12 / n1 / (n2 / orders.length), 12);
    expect(rule.confidence).toBeGreaterThan(0.3);

    const tripleRule = r.rules.find(
      (x) => x.antecedent.slice().sort().join() === "case,phone" && x.consequent === "charger",
    )!;
    const nPC = orders.filter((o) => has(o, "phone") && has(o, "case")).length;
    const nAll = orders.filter((o) => has(o, "phone") && has(o, "case") && has(o, "charger")).length;
    expect(tripleRule.confidence).toBeCloseTo(nAll / nPC, 12);
  });

  it("skips oversized orders and rejects malformed ones", () => {
    const big = Array.from({ length: 60 }, (_, i) => `x${i}`);
    const r = findBundles([big, ["a", "b"]], { minCount: 1, minSupport: 0, maxItemsPerOrder: 50 });
    expect(r.ordersSkipped).toBe(1);
    expect(r.orderCount).toBe(1);
    expect(() => findBundles([["a", 3 as unknown as string]])).toThrow(/order #0 .*not a non-empty string/);
  });
});

describe("findBundlesPaced", () => {
  it("gives the very same report as findBundles, letting timers run meanwhile", async () => {
    const random = seededRandom(11);
    const products = Array.from({ length: 300 }, (_, i) => `p${i}`);
    const orders = Array.from({ length: 30_000 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 5) }, () => products[Math.floor(random() * random() * 300)]),
    );
    const options = { minCount: 3, minSupport: 0, includeTriples: true, limit: 200 };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const paced = await findBundlesPaced(orders, options).finally(() => clearInterval(timer));
    expect(paced).toEqual(findBundles(orders, options));
    expect(paced.pairCount).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThan(0);
  });
});
