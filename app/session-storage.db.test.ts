// The app's session storage keeps Shopify tokens encrypted at rest (ADR 0024): the library stores
// and loads clear sessions, the row holds AES-256-GCM values, and the worker's reader
// (agents/shopify/offline-token.ts) opens the same row with the same key from the environment.
import { setUpValidSession, TEST_SHOP } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../agents/db/client";
import { createTokenCipher } from "../agents/infra/token-crypto";
import { loadOffline } from "../agents/shopify/offline-token";
import { loadAppWithEnv } from "../tests/support/app";
import { createTestDatabase, type TestDatabase } from "../tests/support/database";
import { EMBEDDED_ENV } from "../tests/support/shopify";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof loadAppWithEnv>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await loadAppWithEnv({ ...EMBEDDED_ENV, DATABASE_URL: database.url });
});

afterAll(async () => {
  await app?.db.$disconnect();
  await database?.drop();
});

describe("encrypted session storage", () => {
  it("stores tokens encrypted, loads them clear, and the worker's reader opens the same row", async () => {
    const session = setUpValidSession({ shop: TEST_SHOP, expires: new Date(Date.now() + 3_600_000) });
    session.accessToken = "shpat_session_storage_check";
    session.refreshToken = "shprt_session_storage_check";
    session.refreshTokenExpires = new Date(Date.now() + 86_400_000);
    await app.shopify.sessionStorage.storeSession(session);
    // The caller's object is not changed by storing it.
    expect(session.accessToken).toBe("shpat_session_storage_check");

    const row = await app.db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.accessToken).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(row.refreshToken).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(JSON.stringify(row)).not.toMatch(/session_storage_check/);

    const loaded = await app.shopify.sessionStorage.loadSession(session.id);
    expect(loaded?.accessToken).toBe("shpat_session_storage_check");
    expect(loaded?.refreshToken).toBe("shprt_session_storage_check");
    expect((await app.shopify.sessionStorage.findSessionsByShop(TEST_SHOP))[0]?.accessToken).toBe(
      "shpat_session_storage_check",
    );

    // The worker's process: its own client, the key from the same environment.
    const key = Buffer.from(EMBEDDED_ENV.TOKEN_ENCRYPTION_KEY, "hex");
    const worker = createDb(database.url, { tokenCipher: createTokenCipher(key) });
    try {
      const offline = await loadOffline(worker, TEST_SHOP);
      expect(offline.accessToken).toBe("shpat_session_storage_check");
      expect(offline.refreshToken).toBe("shprt_session_storage_check");
    } finally {
      await worker.$disconnect();
    }
  });
});
