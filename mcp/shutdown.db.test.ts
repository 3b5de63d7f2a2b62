// Read calls over /mcp do not wait for their audit rows (ADR 0046): the rows are queued and written
// together. Every call must still be in the audit log, also when the web process is stopped with
// SIGTERM right after answering: a real process, stopped by the web server's own shutdown.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushQueuedAudits } from "../agents/core/audit";
import { createDb, type Db } from "../agents/db/client";
import { createTestDatabase, repoRoot, type TestDatabase } from "../tests/support/database";
import { createToken } from "./auth";
import { mcpRouter } from "./http";
import { TEST_SHOP } from "./testing/fixtures";
import express from "express";
import type { AddressInfo } from "node:net";
import { pino } from "pino";

const node = path.join(repoRoot, "node_modules/.bin/node");
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

async function readToken() {
  const created = await createToken(db, TEST_SHOP, { kind: "merchant", id: "owner" }, { name: "r", scope: "read" });
  if (!created.ok) throw new Error(created.message);
  return created.data;
}

/** `calls` concurrent get_agent_status calls; each must be answered without error. */
async function readCalls(url: string, token: string, calls: number) {
  await Promise.all(
    Array.from({ length: calls }, async (_, i) => {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: i,
          method: "tools/call",
          params: { name: "get_agent_status", arguments: {} },
        }),
      });
      const json = (await response.json()) as { result?: { isError?: boolean } };
      expect(response.status).toBe(200);
      expect(json.result?.isError).toBeFalsy();
    }),
  );
}

const auditedCalls = (tokenId: string) =>
  db.auditLog.findMany({ where: { actor: `mcp:${tokenId}`, action: "tool.get_agent_status" } });

describe("audit rows of reads over /mcp", () => {
  it("are queued, then written together with the call's time and the read mark", async () => {
    const { token, summary } = await readToken();
    const app = express().use(
      mcpRouter({
        db,
        logger: pino({ level: "silent" }),
        // Longer than the test: nothing is written before the flush below.
        auditQueueMs: 10 * 60_000,
        adminFor: () => {
          throw new Error("no Admin API in this test");
        },
      }),
    );
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const before = new Date();
      await readCalls(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, token, 12);
      const answered = new Date();
      expect(await auditedCalls(summary.id)).toHaveLength(0);
      await flushQueuedAudits();
      const rows = await auditedCalls(summary.id);
      expect(rows).toHaveLength(12);
      for (const row of rows) {
        expect(row).toMatchObject({ shop: TEST_SHOP, outcome: "ok", read: true });
        // The call's time, not the write's.
        expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
        expect(row.createdAt.getTime()).toBeLessThanOrEqual(answered.getTime() + 1);
      }
    } finally {
      server.close();
    }
  });

  it("are all written when the web process gets SIGTERM right after answering", async () => {
    const { token, summary } = await readToken();
    const child = spawn(node, ["--import", "tsx", "mcp/testing/shutdown-server.ts", database.url], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const port = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on("line", (line) => {
          const found = /^listening (\d+)$/.exec(line);
          if (found) resolve(found[1]);
        });
        child.once("exit", (code) => reject(new Error(`the server exited (${code}) before listening`)));
      });
      const calls = 40;
      await readCalls(`http://127.0.0.1:${port}/mcp`, token, calls);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(await auditedCalls(summary.id)).toHaveLength(calls);
    } finally {
      child.kill("SIGKILL");
    }
  }, 60_000);
});
