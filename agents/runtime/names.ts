// Names shared by the web process and the worker process: queues, job ids, Redis keys and channels.
// BullMQ forbids ':' in queue names and custom job ids, so ids are joined with '.'.

/** The default key prefix: BullMQ keys are `royal:agent-<name>:...`, events `royal:events:<shop>`. */
export const DEFAULT_PREFIX = "royal";

export const queueName = (agent: string) => `agent-${agent}`;

/** The queue of an agent's long runs (AgentDefinition.longLane): same job ids, its own worker. */
export const longLaneQueueName = (agent: string) => `${queueName(agent)}-long`;

/** The BullMQ job id of a run: the same business key while a run is live is deduplicated. */
export const jobIdFor = (agent: string, shop: string, businessKey: string) => `${agent}.${shop}.${businessKey}`;

/** One scheduler per shop and agent. */
export const schedulerIdFor = (agent: string, shop: string) => `${agent}.${shop}`;

/** Redis stream of a shop's live events (progress, finished, alerts), read by the SSE route. */
export const eventsLog = (shop: string, prefix = DEFAULT_PREFIX) => `${prefix}:events:${shop}`;

/** Store changes not yet announced (a hash area -> count) and the one-announcer-at-a-time gate, per shop. */
export const storeChangesPending = (shop: string, prefix = DEFAULT_PREFIX) => `${prefix}:store-changes:${shop}`;
export const storeChangesGate = (shop: string, prefix = DEFAULT_PREFIX) => `${prefix}:store-changes-gate:${shop}`;

/** Pub/sub channel on which cancel requests for active runs reach every worker process. */
export const cancelChannel = (prefix = DEFAULT_PREFIX) => `${prefix}:cancel`;

/** Hash agent -> JSON breaker state, written by workers, read by the web process. */
export const breakersKey = (prefix = DEFAULT_PREFIX) => `${prefix}:breakers`;

const SHOP = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const KEY = /^[A-Za-z0-9_.-]{1,200}$/;

export function assertShop(shop: string) {
  if (!SHOP.test(shop)) throw new Error(`shop must be a *.myshopify.com domain, got "${shop}"`);
}

export function assertBusinessKey(key: string) {
  if (!KEY.test(key))
    throw new Error(`businessKey must be 1-200 characters of letters, digits, "_", "." or "-" (no ":"), got "${key}"`);
}
