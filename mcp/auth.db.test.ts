// The security checks of the MCP surface, one by one, on real SQLite and Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../agents/core/context";
import { createDb, type Db } from "../agents/db/client";
import { createRedis, type Redis } from "../agents/infra/redis";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { freePort, startTestRedis, type TestRedis } from "../tests/support/redis";
import {
  allowedHostnames,
  addressKey,
  authFailureGuard,
  failureKeys,
  callLimiter,
  leasedCallLimiter,
  checkHostAndOrigin,
  createLimiter,
  createToken,
  hashToken,
  listTokens,
  revokeToken,
  setAutoApprove,
  UNKNOWN_SHOP,
  verifyToken,
  type LimitDecision,
} from "./auth";

const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const owner: Actor = { kind: "merchant", id: "owner" };
let database: TestDatabase;
let db: Db;
let testRedis: TestRedis;
const redisClients: Redis[] = [];
const prefix = `auth-test-${process.pid}-${Date.now()}`;

async function redisAt(url: string, wait = true) {
  const client = createRedis(url, { name: "auth-test" });
  client.on("error", () => {});
  redisClients.push(client);
  if (wait) await new Promise((resolve) => client.once("ready", resolve));
  return client;
}

async function token(shop = SHOP, scope: "read" | "write" = "read", autoApprove = false) {
  const created = await createToken(db, shop, owner, { name: "Claude Desktop", scope, autoApprove });
  if (!created.ok) throw new Error(created.message);
  return created.data;
}

beforeAll(async () => {
  [database, testRedis] = await Promise.all([createTestDatabase(), startTestRedis()]);
  db = createDb(database.url);
});

afterAll(async () => {
  for (const client of redisClients) client.disconnect();
  await db?.$disconnect();
  await database?.drop();
  await testRedis?.stop();
});

describe("tokens", () => {
  it("are rq_ + 43 characters, stored only as a sha256 hash and a short prefix", async () => {
    const { token: plaintext, summary } = await token();
    expect(plaintext).toMatch(/^rq_[A-Za-z0-9_-]{43}$/);
    const row = await db.mcpToken.findUniqueOrThrow({ where: { id: summary.id } });
    expect(row.tokenHash).toBe(hashToken(plaintext));
    expect(row.prefix).toBe(plaintext.slice(0, 10));
    expect(JSON.stringify(row)).not.toContain(plaintext.slice(10));
    expect(JSON.stringify(await listTokens(db, SHOP))).not.toContain(row.tokenHash);
    expect(await db.auditLog.findFirst({ where: { shop: SHOP, action: "mcp.token.create" } })).toMatchObject({
      actor: "merchant:owner",
      outcome: "ok",
    });
  });

  it("refuse bad input with what to send instead", async () => {
    const empty = await createToken(db, SHOP, owner, { name: " ", scope: "read" });
    expect(empty).toMatchObject({
      ok: false,
      code: "invalid_input",
      message: expect.stringMatching(/give the token a name/),
    });
    const scope = await createToken(db, SHOP, owner, { name: "x", scope: "admin" as "read" });
    expect(scope).toMatchObject({ ok: false, message: expect.stringMatching(/scope must be "read" or "write"/) });
    const auto = await createToken(db, SHOP, owner, { name: "x", scope: "read", autoApprove: true });
    expect(auto).toMatchObject({ ok: false, message: expect.stringMatching(/auto-approve needs a write token/) });
  });

  it("are listed, revoked and toggled per shop only", async () => {
    const mine = await token(SHOP, "write");
    const theirs = await token(OTHER, "write");
    expect((await listTokens(db, OTHER)).map((t) => t.id)).toEqual([theirs.summary.id]);
    expect(await revokeToken(db, OTHER, owner, mine.summary.id)).toMatchObject({ ok: false, code: "not_found" });
    expect(await setAutoApprove(db, OTHER, owner, mine.summary.id, true)).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await setAutoApprove(db, SHOP, owner, mine.summary.id, true)).toMatchObject({
      ok: true,
      data: { autoApprove: true },
    });
    expect(await revokeToken(db, SHOP, owner, mine.summary.id)).toMatchObject({
      ok: true,
      data: { revokedAt: expect.any(String) },
    });
    expect(await revokeToken(db, SHOP, owner, mine.summary.id)).toMatchObject({ ok: true }); // idempotent
    expect(await setAutoApprove(db, SHOP, owner, mine.summary.id, false)).toMatchObject({
      ok: false,
      code: "conflict",
    });
    const reader = await token(SHOP, "read");
    expect(await setAutoApprove(db, SHOP, owner, reader.summary.id, true)).toMatchObject({
      ok: false,
      code: "invalid_input",
    });
    const listed = await listTokens(db, SHOP);
    expect(listed.at(-1)?.id).toBe(mine.summary.id); // revoked tokens last
  });
});

describe("verifyToken", () => {
  it("grants the token's shop, scope and auto-approve, and records when it was used", async () => {
    const { token: plaintext, summary } = await token(SHOP, "write", true);
    const now = new Date("2026-11-02T10:00:00Z");
    expect(await verifyToken(db, `Bearer ${plaintext}`, now)).toEqual({
      ok: true,
      auth: { shop: SHOP, tokenId: summary.id, scope: "write", autoApprove: true },
    });
    expect((await db.mcpToken.findUniqueOrThrow({ where: { id: summary.id } })).lastUsedAt).toEqual(now);
    await verifyToken(db, plaintext, new Date(now.getTime() + 30_000)); // within the minute: no write
    expect((await db.mcpToken.findUniqueOrThrow({ where: { id: summary.id } })).lastUsedAt).toEqual(now);
  });

  it("names why a token is refused", async () => {
    expect(await verifyToken(db, undefined)).toMatchObject({ ok: false, reason: "missing" });
    expect(await verifyToken(db, "Bearer ")).toMatchObject({ ok: false, reason: "missing" });
    expect(await verifyToken(db, "Bearer shpat_abc")).toMatchObject({ ok: false, reason: "malformed" });
    expect(await verifyToken(db, `Bearer rq_${"x".repeat(43)}`)).toMatchObject({
      ok: false,
      reason: "unknown",
      prefix: "rq_xxxxxxx",
    });
    const revoked = await token();
    await revokeToken(db, SHOP, owner, revoked.summary.id);
    expect(await verifyToken(db, `Bearer ${revoked.token}`)).toMatchObject({
      ok: false,
      reason: "revoked",
      shop: SHOP,
      tokenId: revoked.summary.id,
    });
    const gone = await token("gone.myshopify.com");
    await db.shop.create({ data: { domain: "gone.myshopify.com", uninstalledAt: new Date() } });
    expect(await verifyToken(db, `Bearer ${gone.token}`)).toMatchObject({ ok: false, reason: "shop_uninstalled" });
  });

  it("never grants auto-approve to a read token, even if the row says so", async () => {
    const { token: plaintext, summary } = await token(SHOP, "read");
    await db.mcpToken.update({ where: { id: summary.id }, data: { autoApprove: true } });
    expect(await verifyToken(db, plaintext)).toMatchObject({ ok: true, auth: { scope: "read", autoApprove: false } });
  });
});

describe("Host and Origin", () => {
  const allowed = allowedHostnames("https://royal.example.com/app");

  it("allow loopback names and the app's host, with any port", () => {
    expect(allowed).toEqual(expect.arrayContaining(["localhost", "127.0.0.1", "[::1]", "royal.example.com"]));
    for (const host of ["localhost:3000", "127.0.0.1", "[::1]:3000", "royal.example.com", "ROYAL.example.com:443"])
      expect(checkHostAndOrigin({ host }, allowed)).toBeNull();
    expect(checkHostAndOrigin({ host: "localhost:3000", origin: "http://localhost:5173" }, allowed)).toBeNull();
  });

  it("refuse other hosts, other origins and garbage", () => {
    expect(checkHostAndOrigin({}, allowed)).toMatch(/Missing Host/);
    expect(checkHostAndOrigin({ host: "evil.example:3000" }, allowed)).toMatch(/not served here/);
    expect(checkHostAndOrigin({ host: "royal.example.com.evil.example" }, allowed)).toMatch(/not served here/);
    expect(checkHostAndOrigin({ host: "localhost", origin: "https://evil.example" }, allowed)).toMatch(/may not call/);
    expect(checkHostAndOrigin({ host: "localhost", origin: "null" }, allowed)).toMatch(/Invalid Origin/);
    expect(checkHostAndOrigin({ host: "a b" }, allowed)).toMatch(/Invalid Host/);
  });
});

describe("rate limits", () => {
  it("limit per key in Redis, shared by every limiter on the same prefix", async () => {
    const redis = await redisAt(testRedis.url);
    const options = { points: 2, durationSeconds: 60, keyPrefix: `${prefix}-calls` };
    const a = callLimiter(createLimiter(options, redis));
    const b = callLimiter(createLimiter(options, redis)); // another web process
    expect(await a.consume("token-1")).toEqual({ ok: true });
    expect(await b.consume("token-1")).toEqual({ ok: true });
    const third = await a.consume("token-1");
    expect(third.ok).toBe(false);
    if (!third.ok) expect(third.retryAfterMs).toBeGreaterThan(0);
    expect(await a.consume("token-2")).toEqual({ ok: true });
    expect(await redis.keys(`${prefix}-calls*`)).toHaveLength(2);
  });

  it("leased (ADR 0050): two processes on one Redis never serve more than the limit, and at least limit - 2 x (lease - 1)", async () => {
    const options = { points: 100, durationSeconds: 60, keyPrefix: `${prefix}-leased` };
    // Two web processes: each its own Redis connection, limiter and leases.
    const a = leasedCallLimiter(createLimiter(options, await redisAt(testRedis.url)), 5);
    const b = leasedCallLimiter(createLimiter(options, await redisAt(testRedis.url)), 5);
    // 300 calls of token-1 from both at once, and 22 of token-2 among them.
    const calls: { key: "token-1" | "token-2"; decision: Promise<LimitDecision> }[] = [];
    for (let i = 0; i < 150; i++) {
      calls.push(
        { key: "token-1", decision: a.consume("token-1") },
        { key: "token-1", decision: b.consume("token-1") },
      );
      if (i % 7 === 0) calls.push({ key: "token-2", decision: a.consume("token-2") });
    }
    const decisions = await Promise.all(calls.map((c) => c.decision));
    const perKey = { "token-1": 0, "token-2": 0 };
    decisions.forEach((d, i) => d.ok && perKey[calls[i]!.key]++);
    expect(perKey["token-1"]).toBeLessThanOrEqual(100);
    expect(perKey["token-1"]).toBeGreaterThanOrEqual(100 - 2 * 4);
    expect(perKey["token-2"]).toBe(22); // its own budget: every one of its 22 calls
    const refused = decisions.find((d) => !d.ok);
    expect(refused && !refused.ok && refused.retryAfterMs).toBeGreaterThan(0);
  });

  it("leased: one Redis round trip per lease, shared by calls that arrive together", async () => {
    const inner = createLimiter(
      { points: 1_000, durationSeconds: 60, keyPrefix: `${prefix}-trips` },
      await redisAt(testRedis.url),
    );
    let trips = 0;
    const consume = inner.consume.bind(inner);
    inner.consume = (key, points) => {
      trips++;
      return consume(key, points);
    };
    const limiter = leasedCallLimiter(inner, 10);
    for (let i = 0; i < 40; i++) expect(await limiter.consume("k")).toEqual({ ok: true });
    expect(trips).toBe(4);
    const together = await Promise.all(Array.from({ length: 40 }, () => limiter.consume("k")));
    expect(together.every((d) => d.ok)).toBe(true);
    expect(trips).toBe(8);
  });

  it("leased: refused past the limit, served again in the next window", async () => {
    const limiter = leasedCallLimiter(
      createLimiter({ points: 4, durationSeconds: 1, keyPrefix: `${prefix}-window` }, await redisAt(testRedis.url)),
      3,
    );
    const first = [];
    for (let i = 0; i < 5; i++) first.push(await limiter.consume("k"));
    expect(first.map((d) => d.ok)).toEqual([true, true, true, true, false]);
    const refused = first[4]!;
    if (!refused.ok) expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await limiter.consume("k")).toEqual({ ok: true });
  });

  it("still limit (in memory) when Redis is down", async () => {
    const down = await redisAt(`redis://127.0.0.1:${await freePort()}`, false);
    const limiter = callLimiter(createLimiter({ points: 1, durationSeconds: 60, keyPrefix: `${prefix}-down` }, down));
    expect(await limiter.consume("k")).toEqual({ ok: true });
    expect((await limiter.consume("k")).ok).toBe(false);
    const leased = leasedCallLimiter(
      createLimiter({ points: 3, durationSeconds: 60, keyPrefix: `${prefix}-down2` }, down),
      2,
    );
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push((await leased.consume("k")).ok);
    expect(decisions).toEqual([true, true, true, false]);
  });
});

describe("failed authentication", () => {
  it("audits each failure and raises one Alert per source and hour past the threshold", async () => {
    let now = new Date("2026-11-02T10:15:00Z");
    const guard = authFailureGuard({
      db,
      redis: await redisAt(testRedis.url),
      threshold: 3,
      now: () => now,
      keyPrefix: `${prefix}-fail`,
    });
    const unknown = await verifyToken(db, `Bearer rq_${"y".repeat(43)}`);
    if (unknown.ok) throw new Error("unexpected");
    await guard.record(["10.0.0.1"], unknown);
    await guard.record(["10.0.0.1"], unknown);
    expect(await db.alert.count({ where: { kind: "mcp_auth_failures" } })).toBe(0);
    expect(await guard.blocked(["10.0.0.1"])).toEqual({ blocked: false });
    await guard.record(["10.0.0.1"], unknown);
    await guard.record(["10.0.0.1"], unknown);
    const alerts = await db.alert.findMany({ where: { kind: "mcp_auth_failures" } });
    expect(alerts).toMatchObject([
      { shop: UNKNOWN_SHOP, severity: "warning", dedupeKey: "mcp_auth_failures:10.0.0.1:2026-11-02T10" },
    ]);
    expect(await guard.blocked(["10.0.0.1"])).toMatchObject({ blocked: true, retryAfterMs: expect.any(Number) });
    expect(await guard.blocked(["10.0.0.2"])).toEqual({ blocked: false });
    expect(await db.auditLog.count({ where: { shop: UNKNOWN_SHOP, action: "mcp.auth", outcome: "denied" } })).toBe(4);

    now = new Date("2026-11-02T11:05:00Z"); // the counter window is still open: a new hour's alert
    await guard.record(["10.0.0.1"], unknown);
    expect(await db.alert.count({ where: { kind: "mcp_auth_failures" } })).toBe(2);
  });

  it("a known (revoked) token's failures are the shop's alert", async () => {
    const guard = authFailureGuard({ db, threshold: 1, keyPrefix: `${prefix}-fail-2` });
    const revoked = await token(OTHER);
    await revokeToken(db, OTHER, owner, revoked.summary.id);
    const failure = await verifyToken(db, revoked.token);
    if (failure.ok) throw new Error("unexpected");
    const keys = failureKeys("stdio", failure);
    expect(keys).toEqual(["stdio", `token:${revoked.summary.id}`]);
    await guard.record(keys, failure);
    const alerts = await db.alert.findMany({
      where: { shop: OTHER, kind: "mcp_auth_failures" },
      orderBy: { dedupeKey: "asc" },
    });
    expect(alerts.map((a) => a.dedupeKey)).toEqual([
      expect.stringMatching(/^mcp_auth_failures:stdio:/),
      expect.stringMatching(new RegExp(`^mcp_auth_failures:token:${revoked.summary.id}:`)),
    ]);
    // The token's count refuses it from any address; another address with another token is not refused.
    expect(await guard.blocked(failureKeys("10.9.9.9", failure))).toMatchObject({ blocked: true });
    expect(await guard.blocked(["10.9.9.9"])).toEqual({ blocked: false });
    expect(await db.auditLog.findFirst({ where: { shop: OTHER, action: "mcp.auth" } })).toMatchObject({
      actor: `mcp:${revoked.summary.id}`,
      outcome: "denied",
    });
  });
});

describe("failure keys", () => {
  it("an IPv4-mapped address is its IPv4 address; an IPv6 address is its /64", () => {
    expect(addressKey("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(addressKey("10.1.2.3")).toBe("10.1.2.3");
    expect(addressKey("2001:db8:0:1:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:0:1::/64");
    expect(addressKey("2001:0db8:0000:0001::1")).toBe("2001:db8:0:1::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("unknown")).toBe("unknown");
  });
});
