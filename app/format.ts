// Display formatting shared by the pages.
export const money = (value: number, currency = "USD") =>
  new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 2 }).format(value);
export const count = (value: number) => new Intl.NumberFormat("en-US").format(value);
export const when = (value: string | Date | null | undefined) =>
  value ? new Date(value).toISOString().replace("T", " ").slice(0, 16) : "—";
