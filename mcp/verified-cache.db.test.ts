// The /mcp verification memory (ADR 0030): revocation in this process applies to the next request,
// revocation by another process (a row changed behind this one's back) within VERIFIED_TTL_MS.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../agents/db/client";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { createToken, revokeToken, setAutoApprove } from "./auth";
import { verifyBearer } from "./oauth";
import { forgetAllVerified, VERIFIED_TTL_MS } from "./verified-cache";

const SHOP = "cache-store.myshopify.com";
const OWNER = { kind: "merchant", id: "owner" } as const;
const RESOURCE = "http://127.0.0.1:3000/mcp";

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});
beforeEach(() => forgetAllVerified());

async function token(scope: "read" | "write" = "read") {
  const created = await createToken(db, SHOP, OWNER, { name: "cache test", scope });
  if (!created.ok) throw new Error(created.message);
  return { header: `Bearer ${created.data.token}`, id: created.data.summary.id };
}
const at = (t0: number, ms: number) => new Date(t0 + ms);

describe("verified tokens are remembered for a bounded time", () => {
  it("a revocation written by another process is refused within VERIFIED_TTL_MS, and not before the memory lapses", async () => {
    const { header, id } = await token();
    const t0 = Date.now();
    expect(await verifyBearer(db, header, RESOURCE, at(t0, 0))).toMatchObject({ ok: true });
    // Another web process revokes it: this process's memory is not told.
    await db.mcpToken.update({ where: { id }, data: { revokedAt: new Date() } });
    // Within the bound the remembered verification is used (this is the documented delay)...
    expect(await verifyBearer(db, header, RESOURCE, at(t0, VERIFIED_TTL_MS - 1))).toMatchObject({ ok: true });
    // ...and from the bound on the row is read again: refused.
    expect(await verifyBearer(db, header, RESOURCE, at(t0, VERIFIED_TTL_MS))).toMatchObject({
      ok: false,
      reason: "revoked",
    });
  });

  it("a revocation in this process (Settings > MCP clients) is refused on the very next request", async () => {
    const { header, id } = await token();
    const t0 = Date.now();
    expect(await verifyBearer(db, header, RESOURCE, at(t0, 0))).toMatchObject({ ok: true });
    expect(await revokeToken(db, SHOP, OWNER, id)).toMatchObject({ ok: true });
    expect(await verifyBearer(db, header, RESOURCE, at(t0, 1))).toMatchObject({ ok: false, reason: "revoked" });
  });

  it("a changed auto-approve applies to the next request", async () => {
    const { header, id } = await token("write");
    const t0 = Date.now();
    expect(await verifyBearer(db, header, RESOURCE, at(t0, 0))).toMatchObject({
      ok: true,
      auth: { autoApprove: false },
    });
    await setAutoApprove(db, SHOP, OWNER, id, true);
    expect(await verifyBearer(db, header, RESOURCE, at(t0, 1))).toMatchObject({
      ok: true,
      auth: { autoApprove: true },
    });
  });

  it("a clock that went back does not extend the memory; refusals are never remembered", async () => {
    const { header, id } = await token();
    const t0 = Date.now();
    expect(await verifyBearer(db, header, RESOURCE, at(t0, 0))).toMatchObject({ ok: true });
    await db.mcpToken.update({ where: { id }, data: { revokedAt: new Date() } });
    expect(await verifyBearer(db, header, RESOURCE, at(t0, -VERIFIED_TTL_MS))).toMatchObject({ ok: false });
    // The refusal was not remembered either: un-revoked (a test-only move), it is accepted again.
    await db.mcpToken.update({ where: { id }, data: { revokedAt: null } });
    expect(await verifyBearer(db, header, RESOURCE, at(t0, 1))).toMatchObject({ ok: true });
  });

  it("a remembered token of a shop that uninstalled is refused once the uninstall is seen", async () => {
    const shop = "leaving-store.myshopify.com";
    const created = await createToken(db, shop, OWNER, { name: "leaving", scope: "read" });
    if (!created.ok) throw new Error(created.message);
    const header = `Bearer ${created.data.token}`;
    const t0 = Date.now() + 60_000; // past the 15 s uninstall cache of earlier reads of this shop
    expect(await verifyBearer(db, header, RESOURCE, at(t0, 0))).toMatchObject({ ok: true });
    await db.shop.create({ data: { domain: shop, uninstalledAt: new Date() } });
    // Verified again at 14 s (the memory lapsed; the shop is still cached as installed until 15 s):
    // remembered until 19 s.
    expect(await verifyBearer(db, header, RESOURCE, at(t0, 14_000))).toMatchObject({ ok: true });
    // At 16 s the token is still remembered, but the uninstall (cached 15 s per process, ADR 0006) is read again.
    expect(await verifyBearer(db, header, RESOURCE, at(t0, 16_000))).toMatchObject({
      ok: false,
      reason: "shop_uninstalled",
    });
  });
});
