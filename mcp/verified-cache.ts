// A short in-process memory of verified bearer tokens (ADR 0030). Reading the token row on every
// /mcp request cost about a third of a request's CPU (Prisma's query compiler and libsql), more
// than everything else /mcp does. A token verified in the last VERIFIED_TTL_MS is trusted again
// without the database, so revocation takes effect:
//   - at once in the process that revoked it (Settings, /revoke, a replayed refresh token: each
//     calls forgetVerified), and
//   - within VERIFIED_TTL_MS in every other web process (the bound stated in the README and ADR).
// Only successes are remembered: every refusal still reads the database and goes through the
// sign-in guard. An access token's expiry and its shop's uninstall are still checked on every hit.
import type { McpAuth } from "./auth";

/** How long a verification is trusted without the database: the bound on revocation across processes. */
export const VERIFIED_TTL_MS = 5_000;
/** Tokens remembered at once; past it the memory starts afresh (a flood of valid tokens costs reads, not memory). */
const MAX_ENTRIES = 10_000;

interface Entry {
  auth: McpAuth;
  /** An OAuth access token's own expiry (ms since epoch); none for static tokens. */
  expiresAt?: number;
  /** When this memory stops being trusted (ms since epoch). */
  until: number;
}

// On globalThis: the app's pages (Settings, where tokens are revoked) are bundled by Vite with
// their own copy of this module, and the server's /mcp has another; both must share one memory.
const SHARED = Symbol.for("royal-equips.mcpVerified");
const entries: Map<string, Entry> = ((globalThis as { [SHARED]?: Map<string, Entry> })[SHARED] ??= new Map());

/** The key of one token at one resource (an OAuth token is accepted only for its own audience). */
export const verifiedKey = (tokenHash: string, resource: string | null) => `${resource ?? ""} ${tokenHash}`;

/** The remembered verification of this token, if still trusted at `now` and the token has not expired. */
export function recallVerified(key: string, now: Date): McpAuth | null {
  const entry = entries.get(key);
  if (!entry) return null;
  const at = now.getTime();
  // A clock that moved backwards (tests' injected clocks) must not extend trust either.
  if (
    entry.until <= at ||
    entry.until - at > VERIFIED_TTL_MS ||
    (entry.expiresAt !== undefined && entry.expiresAt <= at)
  ) {
    entries.delete(key);
    return null;
  }
  return entry.auth;
}

export function rememberVerified(key: string, auth: McpAuth, now: Date, expiresAt?: Date) {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(key, { auth, until: now.getTime() + VERIFIED_TTL_MS, expiresAt: expiresAt?.getTime() });
}

/**
 * Forgets every remembered token of a static token or OAuth grant (its id is McpAuth.tokenId), so
 * that its revocation or a change of its scope applies to this process's next request.
 */
export function forgetVerified(tokenOrGrantId: string) {
  for (const [key, entry] of entries) if (entry.auth.tokenId === tokenOrGrantId) entries.delete(key);
}

/** Forgets everything (tests). */
export function forgetAllVerified() {
  entries.clear();
}
