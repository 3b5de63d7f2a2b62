// Display formatting shared by the pages.

/** An amount in the shop's currency. The currency is required (no USD default) so a page that forgot
 * to load the shop's currency is a type error rather than a wrong symbol; loaders get it from
 * `shopCurrency` in app/currency.server. */
// The currency's own minor units (2 for USD and EUR, 0 for JPY): a fixed maximumFractionDigits
// would print "¥1,234.5".
// Building an Intl formatter costs ~50x formatting with one, and a page formats hundreds of figures.
const moneyFormats = new Map<string, Intl.NumberFormat>();
const countFormat = new Intl.NumberFormat("en-US");
export const money = (value: number, currency: string) => {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency });
    moneyFormats.set(currency, format);
  }
  return format.format(value);
};
export const count = (value: number) => countFormat.format(value);
export const when = (value: string | Date | null | undefined) =>
  value ? new Date(value).toISOString().replace("T", " ").slice(0, 16) : "—";
