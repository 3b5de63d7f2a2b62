// Key rotation for the Shopify tokens stored in Session rows (agents/infra/token-crypto.ts): the
// worker's hourly pass and every offline-session read rewrite values that are in clear text or
// under a previous key, so a previous key can be dropped once no row names it.
import type { Db } from "../db/client";
import { tokenCipherOf } from "../db/client";
import type { TokenCipher } from "../infra/token-crypto";

/** Re-encrypts every session's tokens not under the current key; returns how many rows it rewrote. */
export async function reencryptSessionTokens(db: Db, cipher: TokenCipher = tokenCipherOf(db)): Promise<number> {
  // Sessions are one offline row per shop plus online rows per staff member: a few per shop.
  const rows = await db.session.findMany({ select: { id: true, accessToken: true, refreshToken: true } });
  let rewritten = 0;
  for (const row of rows) if (await reencryptRow(db, cipher, row)) rewritten++;
  return rewritten;
}

/**
 * Rewrites one row's tokens under the current key, guarded on the values read: a token refreshed
 * meanwhile by another process stays as that process wrote it. The values now stored, or null
 * when nothing was rewritten.
 */
export async function reencryptRow(
  db: Db,
  cipher: TokenCipher,
  row: { id: string; accessToken: string; refreshToken: string | null },
): Promise<{ accessToken: string; refreshToken: string | null } | null> {
  const access = cipher.needsReencryption(row.accessToken);
  const refresh = row.refreshToken !== null && cipher.needsReencryption(row.refreshToken);
  if (!access && !refresh) return null;
  const data = {
    accessToken: access ? cipher.encrypt(cipher.decrypt(row.accessToken)) : row.accessToken,
    refreshToken: refresh ? cipher.encrypt(cipher.decrypt(row.refreshToken!)) : row.refreshToken,
  };
  const { count } = await db.session.updateMany({
    where: { id: row.id, accessToken: row.accessToken, refreshToken: row.refreshToken },
    data,
  });
  return count === 1 ? data : null;
}
