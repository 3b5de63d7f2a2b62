// Every tool, defined once; AIRA, the MCP server, the UI and jobs all adapt this list.
import { createRegistry } from "../core/registry";
import type { AnyTool } from "../core/tool";
import { detectRevenueAnomaliesTool, getSalesSummary } from "./finance";
import { proposeFulfillmentHold, scoreOrderRiskTool, suggestOrderRouting } from "./fulfillment";
import { forecastDemand, getStockoutRisks, proposeInventoryAdjustment, suggestPurchaseOrder } from "./inventory";
import { getCustomerSegments, proposeDiscountCode } from "./marketing";
import { proposePriceChange, suggestPriceChanges } from "./pricing";
import { findCategoryGapsTool, findDeadStockTool, findProductBundles, findTrendingProducts } from "./research";
import { getShopOverview, listPendingActions } from "./store";
import { createSupportTicket, draftSupportReply, getSupportMetrics, listSupportTickets, updateSupportTicket } from "./support";

export const allTools: AnyTool[] = [
  getShopOverview,
  listPendingActions,
  getSalesSummary,
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
  proposeDiscountCode,
  createSupportTicket,
  listSupportTickets,
  updateSupportTicket,
  draftSupportReply,
  getSupportMetrics,
];

export const toolRegistry = createRegistry(allTools);
