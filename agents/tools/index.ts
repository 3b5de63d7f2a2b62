// Every tool, defined once beside its capability (agents/<capability>/tools.ts); AIRA, the MCP server,
// the UI and jobs all adapt this list, and import the definitions by name from here.
import { createRegistry } from "../core/registry";
import type { AnyTool } from "../core/tool";
import { getChangeOutcomes, listPendingActions } from "../actions/tools";
import { getAgentRun, runAgent } from "../runtime/tools";
import { runAnalyticsQuery } from "../analytics/tools";
import { getAgentFindings, getAgentStatus } from "../findings/tools";
import {
  getOrder,
  getProduct,
  listRiskyOrders,
  searchCustomers,
  searchOrdersTool,
  searchProductsTool,
} from "../lookup/tools";
import {
  compareSalesPeriods,
  detectRevenueAnomaliesTool,
  forecastRevenueTool,
  getCashFlow,
  getSalesSummary,
} from "../finance/tools";
import { proposeFulfillmentHold, scoreOrderRiskTool, suggestOrderRouting } from "../fulfillment/tools";
import { forecastDemand, getStockoutRisks, proposeInventoryAdjustment, suggestPurchaseOrder } from "../inventory/tools";
import {
  draftProductCopyTool,
  getCampaignResults,
  getCustomerLifetimeValue,
  getCustomerSegments,
  proposeCampaignsTool,
  proposeDiscountCode,
  proposeProductCopy,
} from "../marketing/tools";
import { proposePriceChange, suggestPriceChanges } from "../pricing/tools";
import { findCategoryGapsTool, findDeadStockTool, findProductBundles, findTrendingProducts } from "../research/tools";
import {
  decideAlert,
  explainAlert,
  getComplianceStatus,
  getSecurityScan,
  listAlerts,
  listAuditLog,
} from "../security/tools";
import { getShopOverview } from "../overview/tools";
import {
  createSupportTicket,
  draftSupportReply,
  getSupportMetrics,
  listSupportTickets,
  updateSupportTicket,
} from "../support/tools";

export const allTools: AnyTool[] = [
  getShopOverview,
  listPendingActions,
  getChangeOutcomes,
  runAgent,
  getAgentRun,
  getAgentFindings,
  getAgentStatus,
  searchProductsTool,
  getProduct,
  searchOrdersTool,
  getOrder,
  searchCustomers,
  listRiskyOrders,
  getSalesSummary,
  compareSalesPeriods,
  forecastRevenueTool,
  getCashFlow,
  detectRevenueAnomaliesTool,
  forecastDemand,
  getStockoutRisks,
  suggestPurchaseOrder,
  proposeInventoryAdjustment,
  suggestPriceChanges,
  proposePriceChange,
  findTrendingProducts,
  findProductBundles,
  findDeadStockTool,
  findCategoryGapsTool,
  scoreOrderRiskTool,
  proposeFulfillmentHold,
  suggestOrderRouting,
  getCustomerSegments,
  getCustomerLifetimeValue,
  proposeCampaignsTool,
  getCampaignResults,
  proposeDiscountCode,
  draftProductCopyTool,
  proposeProductCopy,
  createSupportTicket,
  listSupportTickets,
  updateSupportTicket,
  draftSupportReply,
  getSupportMetrics,
  listAlerts,
  explainAlert,
  decideAlert,
  getSecurityScan,
  getComplianceStatus,
  listAuditLog,
  runAnalyticsQuery,
];

export const toolRegistry = createRegistry(allTools);

// Every definition by name, straight from its capability: surfaces import them from here (the app
// calls them with toolRegistry.run, typed input and output).
export * from "../actions/tools";
export * from "../analytics/tools";
export * from "../finance/tools";
export * from "../findings/tools";
export * from "../fulfillment/tools";
export * from "../inventory/tools";
export * from "../lookup/tools";
export * from "../marketing/tools";
export * from "../overview/tools";
export * from "../pricing/tools";
export * from "../research/tools";
export * from "../runtime/tools";
export * from "../security/tools";
export * from "../support/tools";
