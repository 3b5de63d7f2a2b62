// The mirror's tables per sync phase and the database handle that writes them; shared by the
// ingest (which fills them) and sql.ts (which renders their rows), which must not import each other.
import type { Prisma } from "@prisma/client";
import type { SyncPhase } from "./queries";

export type MirrorDb = Prisma.TransactionClient;

/** The tables each phase fills (and a full sync of that phase replaces). */
export const PHASE_TABLES = {
  products: ["mirrorProduct", "mirrorVariant", "mirrorInventoryLevel", "mirrorCollection", "mirrorCollectionProduct"],
  orders: ["mirrorOrder", "mirrorLineItem", "mirrorRefund"],
  customers: ["mirrorCustomer"],
} as const satisfies Record<SyncPhase, readonly string[]>;

export type MirrorTable = (typeof PHASE_TABLES)[SyncPhase][number];
