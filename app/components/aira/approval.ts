// The approval request AIRA's server attaches to a store-changing tool call: line 1 the summary,
// then one change per line ("Blue Tee / M (SKU-1): price $20.00 -> $18.00"), last the count.

export interface ApprovalRequest {
  summary: string;
  changes: string[];
  /** "3 items" when the server sent the count line. */
  count: string | null;
}

const COUNT_LINE = /^\d+ items?(\(s\))?$/;

export function parseApprovalReason(text: string | null | undefined): ApprovalRequest {
  const lines = (text ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return { summary: "Store change", changes: [], count: null };
  const [summary, ...rest] = lines;
  const count = rest.length > 0 && COUNT_LINE.test(rest[rest.length - 1]) ? rest.pop()! : null;
  return { summary, changes: rest, count };
}

/** The approval text of a tool part, wherever this AI SDK version keeps it. */
export function approvalReasonOf(
  approval: { requestReason?: string; reason?: string } | undefined,
): string | undefined {
  return approval?.requestReason ?? approval?.reason;
}

/** A store-changing tool: its calls wait for the merchant's approval. */
export const isProposalTool = (toolName: string) => toolName.startsWith("propose_");

export interface ProposalOutcome {
  actionId: string;
  status: string;
  summary: string;
  changes: string[];
  note?: string;
}

/** The `{ actionId, status, summary, changes }` a proposal returns once decided, if it is one. */
export function proposalOutcome(data: unknown): ProposalOutcome | null {
  if (typeof data !== "object" || data === null) return null;
  const d = data as Record<string, unknown>;
  if (typeof d.actionId !== "string" || typeof d.status !== "string") return null;
  return {
    actionId: d.actionId,
    status: d.status,
    summary: typeof d.summary === "string" ? d.summary : "",
    changes: Array.isArray(d.changes) ? d.changes.map(String) : [],
    ...(typeof d.note === "string" ? { note: d.note } : {}),
  };
}
