// Purchasing defaults shared by the reorder plan and the pages. Kept free of imports on purpose:
// page components import it, so it must not pull server modules (the database client) into the
// browser bundle.

/** The lead time the reorder plan assumes for a vendor without one saved. */
export const DEFAULT_LEAD_TIME_DAYS = 14;
