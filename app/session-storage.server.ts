// The Shopify library's Prisma session storage with the tokens encrypted at rest (ADR 0024): the
// library reads and writes clear Session objects; the rows hold AES-256-GCM values
// (agents/infra/token-crypto.ts). Workers read the same rows through agents/shopify/offline-token.ts.
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { tokenCipherOf, type Db } from "../agents/db/client";
import type { TokenCipher } from "../agents/infra/token-crypto";

export class EncryptedSessionStorage implements SessionStorage {
  private readonly inner: PrismaSessionStorage<Db>;
  private readonly cipher: TokenCipher;

  constructor(db: Db) {
    this.inner = new PrismaSessionStorage(db);
    this.cipher = tokenCipherOf(db);
  }

  storeSession(session: Session): Promise<boolean> {
    return this.inner.storeSession(this.map(session, (token) => this.cipher.encrypt(token)));
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const session = await this.inner.loadSession(id);
    return session && this.map(session, (token) => this.cipher.decrypt(token));
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    return (await this.inner.findSessionsByShop(shop)).map((session) =>
      this.map(session, (token) => this.cipher.decrypt(token)),
    );
  }

  deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    return this.inner.deleteSessions(ids);
  }

  isReady(): Promise<boolean> {
    return this.inner.isReady();
  }

  /** A copy with its tokens mapped: the caller's Session is never changed. */
  private map(session: Session, token: (value: string) => string): Session {
    const copy = new Session(session.toObject());
    if (copy.accessToken) copy.accessToken = token(copy.accessToken);
    if (copy.refreshToken) copy.refreshToken = token(copy.refreshToken);
    return copy;
  }
}
