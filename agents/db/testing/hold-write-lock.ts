/* eslint-disable no-console */
// Test helper process: takes SQLite's write lock in a transaction for HOLD_MS, printing "locked".
import { createDb } from "../client";

const db = createDb(process.env.DATABASE_URL ?? "");
await db.$transaction(async (tx) => {
  await tx.shop.create({ data: { domain: "holder.myshopify.com" } });
  console.log("locked");
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.HOLD_MS ?? 600)));
});
await db.$disconnect();
