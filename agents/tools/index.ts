// Every tool, defined once; AIRA, the MCP server, the UI and jobs all adapt this list.
import { createRegistry } from "../core/registry";
import type { AnyTool } from "../core/tool";
import { runAgent } from "./agents";
import { runAnalyticsQuery } from "./analytics";
import {
  compareSalesPeriods,
  detectRevenueAnomaliesTool,
  forecastRevenueTool,
  getCashFlow,
  getSalesSummary,
} from "./finance";
import { proposeFulfillmentHold, scoreOrderRiskTool, suggestOrderRouting } from "./fulfillment";
import { forecastDemand, getStockoutRisks, proposeInventoryAdjustment, suggestPurchaseOrder } from "./inventory";
import {
  draftProductCopyTool,
  getCampaignResults,
  getCustomerLifetimeValue,
  getCustomerSegments,
  proposeCampaignsTool,
  proposeDiscountCode,
  proposeProductCopy,
} from "./marketing";
import { proposePriceChange, suggestPriceChanges } from "./pricing";
import { findCategoryGapsTool, findDeadStockTool, findProductBundles, findTrendingProducts } from "./research";
import { explainAlert, getComplianceStatus, getSecurityScan, listAlerts, listAuditLog } from "./security";
import { getShopOverview, listPendingActions } from "./store";
import {
  createSupportTicket,
  draftSupportReply,
  getSupportMetrics,
  listSupportTickets,
  updateSupportTicket,
} from "./support";

export const allTools: AnyTool[] = [
  getShopOverview,
  listPendingActions,
  runAgent,
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
  getSecurityScan,
  getComplianceStatus,
  listAuditLog,
  runAnalyticsQuery,
];

export const toolRegistry = createRegistry(allTools);

// The definitions the app calls with toolRegistry.run (typed input and output).
export {
  compareSalesPeriods,
  explainAlert,
  forecastRevenueTool,
  getCampaignResults,
  getCashFlow,
  getComplianceStatus,
  getCustomerLifetimeValue,
  getCustomerSegments,
  getSalesSummary,
  getSecurityScan,
  listAuditLog,
  proposeCampaignsTool,
  proposeDiscountCode,
  proposeFulfillmentHold,
  runAnalyticsQuery,
};
