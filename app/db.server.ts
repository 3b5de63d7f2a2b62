// The app's PrismaClient: one per process, shared through globalThis by the server entry, the
// Remix build and Vite's hot reloads (each would otherwise open its own pool).
import { createDb, type Db } from "../agents/db/client";
import { env, tokenCipherFor } from "../config/env.server";

declare global {
  var __royalEquipsDb: Db | undefined;
}

const db: Db = (globalThis.__royalEquipsDb ??= createDb(env().DATABASE_URL, { tokenCipher: tokenCipherFor(env()) }));

export default db;
