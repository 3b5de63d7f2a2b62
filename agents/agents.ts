// Every agent the app runs, composed once: the dependency-free ones (agents/runtime/catalog.ts) and the
// scheduled operations agents, each defined with its capability (agents/<capability>/agent.ts). The web
// app, the worker process and the tests all build their registry from this list.
import { weeklyReportAgent } from "./analytics/agent";
import { financeMonitorAgent } from "./finance/agent";
import { orderFulfillmentAgent } from "./fulfillment/agent";
import { inventoryForecastingAgent } from "./inventory/agent";
import { marketingCampaignsAgent } from "./marketing/agent";
import { storeSyncAgent } from "./mirror/agent";
import type { AgentDeps } from "./ops/jobs";
import { pricingOptimizerAgent } from "./pricing/agent";
import { productResearchAgent } from "./research/agent";
import type { AnyAgent } from "./runtime/agents";
import { allAgents } from "./runtime/catalog";
import { analysisRefreshAgent } from "./results/agent";
import { securityMonitorAgent } from "./security/agent";
import { supportDeskAgent } from "./support/agent";

export type { AgentDeps };

export function createAgents(deps: AgentDeps): AnyAgent[] {
  return [
    ...allAgents,
    storeSyncAgent(deps),
    inventoryForecastingAgent(deps),
    pricingOptimizerAgent(deps),
    productResearchAgent(deps),
    orderFulfillmentAgent(deps),
    financeMonitorAgent(deps),
    securityMonitorAgent,
    marketingCampaignsAgent(deps),
    supportDeskAgent(deps),
    weeklyReportAgent,
    analysisRefreshAgent(deps),
  ];
}
