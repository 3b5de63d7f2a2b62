// A web process for mcp/shutdown.db.test.ts: /mcp over the database at argv[2], stopped on SIGTERM
// by the web server's own graceful shutdown (server/shutdown.ts). Prints its port when listening.
//   node --import tsx mcp/testing/shutdown-server.ts <database url>
import type { AddressInfo } from "node:net";
import express from "express";
import { pino } from "pino";
import { createDb } from "../../agents/db/client";
import { gracefulShutdown } from "../../server/shutdown";
import { mcpRouter } from "../http";

const db = createDb(process.argv[2]);
const logger = pino({ level: "silent" });
const app = express();
app.use(
  mcpRouter({
    db,
    logger,
    // Far longer than the test: only the shutdown's own flush can write the rows.
    auditQueueMs: 10 * 60_000,
    adminFor: () => {
      throw new Error("no Admin API in this test");
    },
  }),
);
const server = app.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
const shutdown = gracefulShutdown({ server, logger, disconnect: () => db.$disconnect() });
process.on("SIGTERM", () => shutdown("SIGTERM"));
