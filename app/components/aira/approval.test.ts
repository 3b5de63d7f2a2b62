import { describe, expect, it } from "vitest";
import { approvalReasonOf, isProposalTool, parseApprovalReason, proposalOutcome } from "./approval";

describe("parseApprovalReason", () => {
  it("splits the summary, the change lines and the count", () => {
    const text =
      "Change 2 price(s): spring sale\nBlue Tee / M (SKU-1): price $20.00 -> $18.00\nRed Cap (SKU-2): price $12.00 -> $10.80\n2 items";
    expect(parseApprovalReason(text)).toEqual({
      summary: "Change 2 price(s): spring sale",
      changes: ["Blue Tee / M (SKU-1): price $20.00 -> $18.00", "Red Cap (SKU-2): price $12.00 -> $10.80"],
      count: "2 items",
    });
    expect(parseApprovalReason("Create discount\ncreate code WINBACK15: 15% off\n1 item(s)").count).toBe("1 item(s)");
  });

  it("keeps a last line that is a change, and copes without text", () => {
    expect(parseApprovalReason("Hold\nfulfillment of #1001: open -> on hold")).toEqual({
      summary: "Hold",
      changes: ["fulfillment of #1001: open -> on hold"],
      count: null,
    });
    expect(parseApprovalReason(undefined)).toEqual({ summary: "Store change", changes: [], count: null });
  });

  it("finds the text under requestReason (AI SDK) or reason (protocol)", () => {
    expect(approvalReasonOf({ requestReason: "a" })).toBe("a");
    expect(approvalReasonOf({ reason: "b" })).toBe("b");
    expect(approvalReasonOf(undefined)).toBeUndefined();
  });
});

describe("proposals", () => {
  it("recognises store-changing tools and their decided result", () => {
    expect(isProposalTool("propose_price_change")).toBe(true);
    expect(isProposalTool("suggest_price_changes")).toBe(false);
    expect(
      proposalOutcome({
        actionId: "a1",
        status: "applied",
        summary: "Change 1 price(s)",
        changes: ["SKU-1: price $20.00 -> $18.00"],
      }),
    ).toEqual({
      actionId: "a1",
      status: "applied",
      summary: "Change 1 price(s)",
      changes: ["SKU-1: price $20.00 -> $18.00"],
    });
    expect(
      proposalOutcome({
        actionId: "a1",
        status: "pending",
        summary: "",
        changes: [],
        note: "Already applied elsewhere",
      })?.note,
    ).toBe("Already applied elsewhere");
    expect(proposalOutcome({ suggestions: [] })).toBeNull();
    expect(proposalOutcome(null)).toBeNull();
  });
});
