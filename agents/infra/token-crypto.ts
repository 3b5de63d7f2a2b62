// Shopify access and refresh tokens at rest: AES-256-GCM with a key from the environment
// (docs/decisions/0024-production-packaging.md). A stored value is
//   enc:v1:<key id>:<iv>:<ciphertext>:<tag>   (base64url parts)
// where the key id is the first 8 hex digits of the key's SHA-256, so a value names the key that
// opens it without revealing it. Rotation without downtime: deploy the new key as current and the
// old one among the previous keys; every value stays readable, values are re-encrypted with the
// current key when read and by the worker's hourly pass, and once none names the old key it can go.
// A value without the prefix is a token stored before encryption: read as is, re-encrypted likewise.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

const PREFIX = "enc:v1:";

export interface TokenCipher {
  /** The current key's id (the one new values are written with). */
  readonly currentKeyId: string;
  encrypt(plain: string): string;
  /** The token; throws naming the key id when no configured key opens it. */
  decrypt(stored: string): string;
  /** True when the value is not encrypted with the current key (clear text or a previous key). */
  needsReencryption(stored: string): boolean;
}

/** A 32-byte key written as 64 hex digits or base64 (44 characters); null when it is neither. */
export function parseKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value, "base64");
    return key.length === 32 ? key : null;
  }
  return null;
}

export const keyId = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

/**
 * Local mode without TOKEN_ENCRYPTION_KEY: a key derived from the app secret (itself the fixed
 * local value unless APP_SECRET is set), so the local dev store's token goes through the same path.
 */
export function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "royal-equips", "shopify token encryption v1", 32));
}

export function createTokenCipher(current: Buffer, previous: Buffer[] = []): TokenCipher {
  const keys = new Map<string, Buffer>();
  for (const key of [current, ...previous]) if (!keys.has(keyId(key))) keys.set(keyId(key), key);
  const currentKeyId = keyId(current);
  const b64 = (buffer: Buffer) => buffer.toString("base64url");
  return {
    currentKeyId,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `${PREFIX}${currentKeyId}:${b64(iv)}:${b64(body)}:${b64(cipher.getAuthTag())}`;
    },
    decrypt(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [id, iv, body, tag] = stored.slice(PREFIX.length).split(":");
      const key = keys.get(id ?? "");
      if (!key || iv === undefined || body === undefined || tag === undefined)
        throw new Error(
          `A stored Shopify token was encrypted with key ${id}, which is not configured: add it to TOKEN_ENCRYPTION_PREVIOUS_KEYS`,
        );
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    },
    needsReencryption(stored) {
      return !stored.startsWith(`${PREFIX}${currentKeyId}:`);
    },
  };
}

// The fixed local-mode secret (config/env.server.ts): only local mode may encrypt with a key derived from it.
const LOCAL_APP_SECRET = "royal-equips-local-mode-secret-not-for-production";

/** Local mode's cipher when neither TOKEN_ENCRYPTION_KEY nor APP_SECRET is set; also a test database's default. */
export function localTokenCipher(): TokenCipher {
  return createTokenCipher(deriveKey(LOCAL_APP_SECRET));
}
