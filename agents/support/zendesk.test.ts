import { describe, expect, it } from "vitest";
import { supportMetrics } from "./metrics";
import { ZendeskConnector } from "./zendesk";

describe("Zendesk connector", () => {
  it("answers not_configured without credentials and names what to set", async () => {
    const result = await new ZendeskConnector({}).importTickets();
    expect(result).toMatchObject({ ok: false, reason: "not_configured" });
    if (!result.ok) expect(result.message).toContain("ZENDESK_API_TOKEN");
  });
});

describe("support metrics", () => {
  it("computes medians in hours and counts tickets awaiting a first response", () => {
    const at = (h: number) => new Date(Date.UTC(2026, 10, 1) + h * 3_600_000);
    const metrics = supportMetrics([
      { createdAt: at(0), firstResponseAt: at(1), resolvedAt: at(5), status: "solved" },
      { createdAt: at(0), firstResponseAt: at(3), resolvedAt: null, status: "pending" },
      { createdAt: at(0), firstResponseAt: null, resolvedAt: null, status: "open" },
    ]);
    expect(metrics).toEqual({
      tickets: 3,
      byStatus: { solved: 1, pending: 1, open: 1 },
      medianFirstResponseHours: 2,
      medianResolutionHours: 5,
      awaitingFirstResponse: 1,
    });
  });
});
