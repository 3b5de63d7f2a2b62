// Findings on a real database (both providers): one row per item however often the agent runs,
// decisions that stick, cleared items resolved, filters and pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import type { Actor } from "../core/context";
import { createDb, type Db } from "../db/client";
import {
  decideFindings,
  FindingDecisionError,
  listFindings,
  openFindingCounts,
  recordFindings,
  type FoundItem,
} from "./store";

const SHOP = "findings.myshopify.com";
const OTHER = "other-findings.myshopify.com";
const merchant: Actor = { kind: "merchant", id: "owner" };
let database: TestDatabase;
let db: Db;
const now = new Date("2026-12-06T12:00:00Z");
const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

const risk = (variant: number, days: number): FoundItem => ({
  kind: "stockout_risk",
  subject: `variant:${variant}`,
  title: `Variant ${variant} may run out in ${days} days`,
  data: { daysOfCover: days },
  score: 100 - days,
});
const run = (kinds: FoundItem["kind"][], at = now) => ({
  shop: SHOP,
  agent: "inventory-forecasting",
  runId: `run-${at.getTime()}`,
  kinds,
  now: at,
});

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("findings", () => {
  it("keeps one row per item across runs, resolves what cleared and reopens what returns", async () => {
    const first = await recordFindings(db, run(["stockout_risk"]), [risk(1, 3), risk(2, 9), risk(3, 12)]);
    expect(first).toEqual({ created: 3, updated: 0, resolved: 0 });
    const second = await recordFindings(db, run(["stockout_risk"], later(24)), [risk(1, 2), risk(2, 8)]);
    expect(second).toEqual({ created: 0, updated: 2, resolved: 1 });
    const open = await listFindings(db, SHOP, { kinds: ["stockout_risk"] }, later(24));
    expect(open.total).toBe(2);
    expect(open.items.map((f) => [f.subject, f.data.daysOfCover])).toEqual([
      ["variant:1", 2],
      ["variant:2", 8],
    ]);
    const resolved = await listFindings(db, SHOP, { kinds: ["stockout_risk"], status: "resolved" }, later(24));
    expect(resolved.items.map((f) => [f.subject, f.note])).toEqual([["variant:3", "No longer found"]]);
    await recordFindings(db, run(["stockout_risk"], later(48)), [risk(1, 1), risk(2, 7), risk(3, 5)]);
    expect((await listFindings(db, SHOP, { kinds: ["stockout_risk"] }, later(48))).total).toBe(3);
  });

  it("an item found again takes the new run's title, figures, score and run; a resolved one reopens cleared", async () => {
    const kinds: FoundItem["kind"][] = ["reorder_line"];
    const line = (n: number, title: string, data: Record<string, unknown>, score: number): FoundItem => ({
      kind: "reorder_line",
      subject: `variant:r${n}`,
      title,
      data,
      score,
    });
    await recordFindings(db, run(kinds), [
      line(1, "Reorder 3", { quantity: 3 }, 1),
      line(2, "Reorder 4", { quantity: 4 }, 2),
    ]);
    await recordFindings(db, run(kinds, later(1)), [line(1, "Reorder 3", { quantity: 3 }, 1)]); // r2 resolved
    const before = await db.finding.findFirstOrThrow({ where: { shop: SHOP, subject: "variant:r2" } });
    expect(before).toMatchObject({
      status: "resolved",
      note: "No longer found",
      decidedBy: "agent:inventory-forecasting",
    });

    const outcome = await recordFindings(db, run(kinds, later(2)), [
      line(1, `Reorder 5 of "Tom's" \\ tee`, { quantity: 5, note: "a\u0000b", nested: [{ x: null }] }, -2.5),
      line(2, "Reorder 6", { quantity: 6 }, Number.NaN),
    ]);
    expect(outcome).toEqual({ created: 0, updated: 2, resolved: 0 });
    const rows = await db.finding.findMany({
      where: { shop: SHOP, kind: "reorder_line" },
      orderBy: { subject: "asc" },
    });
    expect(
      rows.map((r) => [r.subject, r.title, r.data, r.score, r.runId, r.status, r.note, r.decidedBy, r.decidedAt]),
    ).toEqual([
      [
        "variant:r1",
        `Reorder 5 of "Tom's" \\ tee`,
        { quantity: 5, note: "a\uFFFDb", nested: [{ x: null }] },
        -2.5,
        `run-${later(2).getTime()}`,
        "open",
        null,
        null,
        null,
      ],
      ["variant:r2", "Reorder 6", { quantity: 6 }, 0, `run-${later(2).getTime()}`, "open", null, null, null],
    ]);
    expect(rows[1].id).toBe(before.id);
    expect(rows[1].updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    await db.finding.deleteMany({ where: { shop: SHOP, kind: "reorder_line" } });
  });

  it("keeps the merchant's decisions when the agent finds the same items again", async () => {
    const items = (await listFindings(db, SHOP, { kinds: ["stockout_risk"] }, later(48))).items;
    const bySubject = (subject: string) => items.find((f) => f.subject === subject)!;
    const [first, second, third] = [bySubject("variant:1"), bySubject("variant:2"), bySubject("variant:3")];
    const ctx = { db, shop: SHOP, actor: merchant, now: () => later(48) };
    expect(await decideFindings(ctx, [first.id], { decision: "dismiss", reason: "Discontinued" })).toEqual({
      changed: 1,
    });
    await decideFindings(ctx, [second.id], { decision: "snooze", until: later(72) });
    await decideFindings(ctx, [third.id], { decision: "approve", actionId: "action-1" });
    await recordFindings(db, run(["stockout_risk"], later(60)), [risk(1, 1), risk(2, 6), risk(3, 4)]);

    expect((await listFindings(db, SHOP, { kinds: ["stockout_risk"] }, later(60))).total).toBe(0);
    const dismissed = await listFindings(db, SHOP, { kinds: ["stockout_risk"], status: "dismissed" }, later(60));
    expect(dismissed.items.map((f) => [f.id, f.note, f.decidedBy])).toEqual([
      [first.id, "Discontinued", "merchant:owner"],
    ]);
    // The snooze ends: the item is open again, with the latest figures.
    const afterSnooze = await listFindings(db, SHOP, { kinds: ["stockout_risk"] }, later(73));
    expect(afterSnooze.items.map((f) => [f.id, f.data.daysOfCover])).toEqual([[second.id, 6]]);
    expect(await openFindingCounts(db, SHOP, later(73))).toEqual({ stockout_risk: 1 });
    const audited = await db.auditLog.findMany({ where: { shop: SHOP, action: { startsWith: "finding." } } });
    expect(audited.map((a) => a.action).sort()).toEqual(["finding.approve", "finding.dismiss", "finding.snooze"]);
  });

  it("refuses decisions without a reason or with a past snooze, and never touches another shop", async () => {
    const ctx = { db, shop: SHOP, actor: merchant, now: () => later(80) };
    const [item] = (await listFindings(db, SHOP, { kinds: ["stockout_risk"], status: "all" }, later(80))).items;
    await expect(decideFindings(ctx, [item.id], { decision: "dismiss", reason: "  " })).rejects.toThrow(
      FindingDecisionError,
    );
    await expect(decideFindings(ctx, [item.id], { decision: "snooze", until: later(1) })).rejects.toThrow(/future/);
    const other = { db, shop: OTHER, actor: merchant, now: () => later(80) };
    expect(await decideFindings(other, [item.id], { decision: "dismiss", reason: "not mine" })).toEqual({
      changed: 0,
    });
  });

  it("only resolves the kinds a run covers, and rejects items outside them", async () => {
    await recordFindings(db, run(["reorder_line"], later(90)), [
      { kind: "reorder_line", subject: "variant:9", title: "Order 12 of Variant 9", data: { quantity: 12 }, score: 1 },
    ]);
    const risksBefore = await listFindings(db, SHOP, { kinds: ["stockout_risk"], status: "all" }, later(90));
    await recordFindings(db, run(["reorder_line"], later(91)), []);
    const risksAfter = await listFindings(db, SHOP, { kinds: ["stockout_risk"], status: "all" }, later(91));
    expect(risksAfter.items.map((f) => f.status)).toEqual(risksBefore.items.map((f) => f.status));
    expect((await listFindings(db, SHOP, { kinds: ["reorder_line"], status: "resolved" }, later(91))).total).toBe(1);
    await expect(recordFindings(db, run(["reorder_line"]), [risk(1, 1)])).rejects.toThrow(/not among the kinds/);
  });

  it("pages and searches by title", async () => {
    const many = Array.from({ length: 30 }, (_, i) => risk(100 + i, i));
    await recordFindings(db, { ...run(["stockout_risk"], later(100)), shop: OTHER }, many);
    const page2 = await listFindings(db, OTHER, { kinds: ["stockout_risk"], page: 2, pageSize: 25 }, later(100));
    expect(page2.total).toBe(30);
    expect(page2.items).toHaveLength(5);
    expect(page2.items[0].subject).toBe("variant:125");
    const searched = await listFindings(db, OTHER, { kinds: ["stockout_risk"], search: "Variant 107" }, later(100));
    expect(searched.items.map((f) => f.subject)).toEqual(["variant:107"]);
    // The item a link opens: exactly its subject ("variant:10" is not "variant:107"), decided or not.
    const [dismissed] = (
      await listFindings(db, OTHER, { kinds: ["stockout_risk"], subject: "variant:110" }, later(100))
    ).items;
    const otherShop = { db, shop: OTHER, actor: merchant, now: () => later(100) };
    await decideFindings(otherShop, [dismissed.id], { decision: "dismiss", reason: "handled" });
    const focused = (subject: string) =>
      listFindings(db, OTHER, { kinds: ["stockout_risk"], status: "all", subject }, later(100));
    expect((await focused("variant:110")).items.map((f) => [f.subject, f.status])).toEqual([
      ["variant:110", "dismissed"],
    ]);
    expect((await focused("variant:10")).total).toBe(0);
  });
});
