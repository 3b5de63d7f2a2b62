// Values inside Shopify's search syntax (the `query:` argument of orders, products, ...). A value
// taken from a merchant, a model or a webhook may hold spaces, quotes, colons or words such as
// OR / NOT; unquoted, `name:#1001 OR status:any` would widen the search. Quoted with `"` and its
// backslashes and quotes escaped (Shopify's syntax), it is one literal value whatever it holds.
// https://shopify.dev/docs/api/usage/search-syntax

/** `#1001` -> `"#1001"`, `a"b\c` -> `"a\"b\\c"`. */
export function searchValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** One `field:"value"` term. */
export const searchTerm = (field: string, value: string) => `${field}:${searchValue(value)}`;
