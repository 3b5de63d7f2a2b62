// Shared by the purchase-order pages: PO status words and badge tones in the merchant's language.
export const STATUS_LABELS: Record<string, string> = {
  draft: "Draft",
  ordered: "Ordered",
  partly_received: "Partly received",
  received: "Received",
  cancelled: "Cancelled",
};

export const STATUS_TONES: Record<string, "info" | "attention" | "success" | undefined> = {
  draft: undefined,
  ordered: "info",
  partly_received: "attention",
  received: "success",
  cancelled: undefined,
};
