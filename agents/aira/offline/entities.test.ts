import { describe, expect, it } from "vitest";
import catalogJson from "../eval/catalog.json";
import {
  findAgent,
  findAlertId,
  findDiscountCode,
  findNumbers,
  findOrderName,
  findProducts,
  findSkus,
  findTicketId,
  indexCatalog,
  runsAgentByAlias,
} from "./entities";
import { normalize } from "./text";
import type { CatalogEntry } from "./types";

const catalog = catalogJson as CatalogEntry[];
const index = indexCatalog(catalog);
const text = (t: string) => normalize(t, index.words);
const products = (t: string) => findProducts(text(t), index);
const titles = (t: string) => products(t).matches.map((m) => m.title);

describe("catalogue index", () => {
  it("is built once per catalogue, also when the same content arrives in a new array", () => {
    expect(indexCatalog(catalog)).toBe(index);
    expect(indexCatalog(catalog.map((e) => ({ ...e })))).toBe(index);
    expect(indexCatalog([...catalog.slice(1)])).not.toBe(index);
  });
});

describe("products", () => {
  it("finds a product by its words, ignoring command words around them", () => {
    expect(titles("set the price of the tack trunk to $199")[0]).toBe("Wooden Tack Trunk");
    expect(products("set the price of the tack trunk to $199").ambiguous).toBe(false);
  });

  it("matches plurals and misspellings", () => {
    expect(titles("gel half pads")[0]).toBe("Gel Half Pad");
    expect(titles("the sheepskn half pad")[0]).toBe("Sheepskin Half Pad");
    expect(titles("joint suplement")[0]).toBe("Joint Supplement 1.5 kg");
    expect(titles("electrolytes")[0]).toBe("Electrolyte Supplement");
  });

  it("prefers the product whose whole title was named over a longer one", () => {
    const search = products("riding gloves");
    expect(search.ambiguous).toBe(false);
    expect(search.matches[0].title).toBe("Riding Gloves");
  });

  it("reports several equally good products as ambiguous", () => {
    const hoodie = products("the hoodie");
    expect(hoodie.ambiguous).toBe(true);
    expect(hoodie.matches.map((m) => m.title).sort()).toEqual([
      "Royal Equips Hoodie - Heather Grey",
      "Royal Equips Zip Hoodie - Black",
    ]);
    expect(products("the boots").matches.map((m) => m.title)).toEqual(
      expect.arrayContaining(["Paddock Boots", "Brushing Boots", "Tall Leather Riding Boots"]),
    );
    expect(products("the treats").ambiguous).toBe(true);
  });

  it("settles an ambiguity with a word only one of them has", () => {
    const grey = products("the hoodie the grey one");
    expect(grey.ambiguous).toBe(false);
    expect(grey.matches[0].title).toBe("Royal Equips Hoodie - Heather Grey");
    expect(products("the boots paddock").matches[0].title).toBe("Paddock Boots");
  });

  it("narrows to the variants the message names: colour, size words, measurements", () => {
    const red = products("the red hoof pick").matches[0];
    expect(red.narrowed).toBe(true);
    expect(red.variants.map((v) => v.sku)).toEqual(["GRM-142-RD"]);
    expect(products("turnout rug 6'3\"").matches[0].variants.map((v) => v.sku)).toEqual(["RUG-108-63"]);
    expect(products("navy show jacket in 38").matches[0].variants.map((v) => v.sku)).toEqual(["APP-118-NV-38"]);
    expect(products("quilted gilet in size M").matches[0].variants.map((v) => v.sku)).toEqual(["APP-120-M"]);
    expect(products("quilted gilet medium").matches[0].variants.map((v) => v.sku)).toEqual(["APP-120-M"]);
    expect(products("hoof oil 1 l").matches[0].variants.map((v) => v.sku)).toEqual(["GRM-137-1L"]);
    expect(products("the rubber reins").matches[0].narrowed).toBe(false);
  });

  it("does not take a quantity or a price for a size", () => {
    const search = products("set the price of the paddock boots to 8");
    expect(search.matches[0].narrowed).toBe(false);
    expect(products("water bucket = 25").spans.map((s) => text("water bucket = 25").slice(s.start, s.end))).toEqual([
      "water",
      "bucket",
    ]);
  });

  it("finds nothing in a message about no product", () => {
    expect(products("sales last month").matches).toEqual([]);
    expect(products("did we beat last week").matches).toEqual([]);
    expect(products("show me low stock").matches).toEqual([]);
  });
});

describe("SKUs", () => {
  const skus = (t: string) => findSkus(text(t), index).map((s) => ({ how: s.how, skus: s.entries.map((e) => e.sku) }));

  it("finds exact SKUs in any case", () => {
    expect(skus("set stock of TAC-112-NV to 40")).toEqual([{ how: "exact", skus: ["TAC-112-NV"] }]);
    expect(skus("forecast rug-105-63")).toEqual([{ how: "exact", skus: ["RUG-105-63"] }]);
  });

  it("reads a SKU prefix as all of a product's variants", () => {
    const [prefix] = skus("forecast PAD-101");
    expect(prefix.how).toBe("prefix");
    expect([...prefix.skus].sort()).toEqual(["PAD-101-COB-BK", "PAD-101-COB-NV", "PAD-101-FUL-BK", "PAD-101-FUL-NV"]);
  });

  it("matches a SKU typed without dashes or with a typo", () => {
    expect(skus("demand for APP146-M")).toEqual([{ how: "compact", skus: ["APP-146-M"] }]);
    expect(skus("set GRM-142-RED to 70")).toEqual([{ how: "fuzzy", skus: ["GRM-142-RD"] }]);
  });

  it("reports a SKU-like word that matches nothing, and ignores measurements and quarters", () => {
    expect(skus("set the price of ABC-999 to 20")).toEqual([{ how: "unknown", skus: [] }]);
    expect(skus("500 ml q3 6'3\" 12 l")).toEqual([]);
  });
});

describe("numbers", () => {
  const nums = (t: string) => findNumbers(text(t)).map((n) => ({ value: n.value, kind: n.kind, before: n.before }));

  it("tells amounts, percentages and plain numbers apart", () => {
    expect(nums("set it to $25")).toEqual([{ value: 25, kind: "money", before: "to" }]);
    expect(nums("25 dollars")).toEqual([{ value: 25, kind: "money", before: "" }]);
    expect(nums("raise by 10%")).toEqual([{ value: 10, kind: "percent", before: "by" }]);
    expect(nums("by ten percent")).toEqual([{ value: 10, kind: "percent", before: "by" }]);
    expect(nums("by 5 percent")).toEqual([{ value: 5, kind: "percent", before: "by" }]);
    expect(nums("make it 19.99")).toEqual([{ value: 19.99, kind: "number", before: "it" }]);
    expect(nums("£1,250.50 off")).toEqual([{ value: 1250.5, kind: "money", before: "" }]);
    expect(nums("twenty five units")).toEqual([{ value: 25, kind: "number", before: "" }]);
    // British money: "quid", "a fiver", "a tenner".
    expect(nums("up by 3 quid")).toEqual([{ value: 3, kind: "money", before: "by" }]);
    expect(nums("take a fiver off")).toEqual([{ value: 5, kind: "money", before: "take" }]);
    expect(nums("knock 2 tenners off")).toEqual([{ value: 20, kind: "money", before: "knock" }]);
    // Hundredths: "50 cents", "99p".
    expect(nums("raise it by 50 cents")).toEqual([{ value: 0.5, kind: "money", before: "by" }]);
    expect(nums("down 99p")).toEqual([{ value: 0.99, kind: "money", before: "down" }]);
  });

  it("skips digits inside codes, SKUs and measurements", () => {
    expect(nums("spring20 q3 1kg abc-999")).toEqual([]);
  });
});

describe("orders, tickets, alerts, codes, agents", () => {
  it("normalises order names", () => {
    expect(findOrderName(text("is order #1042 fraud?"))?.name).toBe("#1042");
    expect(findOrderName(text("check order 1077"))?.name).toBe("#1077");
    expect(findOrderName(text("order number 1088"))?.name).toBe("#1088");
    expect(findOrderName(text("sales last month"))).toBeNull();
    // A bare number after an order action is an order; a quantity is not.
    expect(findOrderName(text("hold 6022, wrong postcode"))?.name).toBe("#6022");
    expect(findOrderName(text("hold 1200 units back"))).toBeNull();
  });

  it("reads the answer to 'which order?' given as 'it's N' or 'the number is N' in a message about an order", () => {
    expect(findOrderName(text("release that order, the buyer paid in the end. it's 1187"))?.name).toBe("#1187");
    expect(findOrderName(text("check the risk on that order - its 2210"))?.name).toBe("#2210");
    expect(findOrderName(text("the order I mean, the number is 1301, ship it from the warehouse"))?.name).toBe("#1301");
    // Not a quantity, and not without an order to be about.
    expect(findOrderName(text("order more hay nets, it's 1200 units we need"))).toBeNull();
    expect(findOrderName(text("what's our best seller, it's 2025 after all"))).toBeNull();
  });

  it("finds ticket and alert ids, not words after 'ticket'", () => {
    expect(findTicketId(text("draft a reply to ticket cm4x8k2p10000abcd1234"))?.id).toBe("cm4x8k2p10000abcd1234");
    expect(findAlertId(text("explain alert cmalert99xx11"))?.id).toBe("cmalert99xx11");
    expect(findTicketId(text("list support tickets"))).toBeNull();
    expect(findAlertId(text("what's this alert about"))).toBeNull();
  });

  it("finds a bare ticket id (no word 'ticket') in a message about handling a ticket", () => {
    expect(findTicketId(text("suggest a response for cm1xy23ab45cd67"))?.id).toBe("cm1xy23ab45cd67");
    expect(findTicketId(text("reassign cm1xy23ab45cd67 to sam"))?.id).toBe("cm1xy23ab45cd67");
    expect(findTicketId(text("flag cm1xy23ab45cd67 as urgent"))?.id).toBe("cm1xy23ab45cd67");
    // Not without ticket handling words, and not a code-like word with too few digits.
    expect(findTicketId(text("sales for cm1xy23ab45cd67"))).toBeNull();
    expect(findTicketId(text("draft a reply about the christmas2 code"))).toBeNull();
  });

  it("finds discount codes in the ways merchants name them", () => {
    const code = (t: string) => findDiscountCode(text(t), t)?.code ?? null;
    expect(code("create a discount code SPRING20 for 20% off")).toBe("SPRING20");
    expect(code("make a 15% code called VIP15")).toBe("VIP15");
    expect(code("set up a promo code thanks10, ten percent")).toBe("THANKS10");
    expect(code("how did the WELCOME10 code perform?")).toBe("WELCOME10");
    expect(code("how many people used BFCM2025")).toBe("BFCM2025");
    expect(code("create coupon FREESHIP for $8 off")).toBe("FREESHIP");
    expect(code("create a 10% off code")).toBeNull();
    // Right after "discount" or "promo", with digits or typed in capitals.
    expect(code("discount SUMMER24 for 10% off all week")).toBe("SUMMER24");
    expect(code("promo pony5 5% off")).toBe("PONY5");
    expect(code("discount FLASHSALE 10% off today")).toBe("FLASHSALE");
  });

  it("names agents by name, spaced name or alias, and reports an alias of an agent not available", () => {
    const agents = ["store-sync", "pricing-optimizer", "order-fulfillment"];
    expect(findAgent(text("run the pricing optimizer"), agents).agent).toBe("pricing-optimizer");
    expect(findAgent(text("sync the store"), agents).agent).toBe("store-sync");
    expect(findAgent(text("run the fraud check agent"), agents).agent).toBe("order-fulfillment");
    expect(findAgent(text("run the security agent"), agents)).toEqual({ agent: null, unknownAlias: "security" });
    expect(findAgent(text("run the shipping robot"), agents)).toEqual({ agent: null, unknownAlias: null });
  });

  it("tells 'run <agent alias>' from a request that merely starts with 'run'", () => {
    const agents = ["inventory-forecasting", "pricing-optimizer", "security-monitor"];
    expect(runsAgentByAlias(text("run stock forecasting"), agents)).toBe(true);
    expect(runsAgentByAlias(text("start pricing again please"), agents)).toBe(true);
    expect(runsAgentByAlias(text("run a security scan"), agents)).toBe(false);
    expect(runsAgentByAlias(text("run a forecast for the hay net"), agents)).toBe(false);
  });
});
