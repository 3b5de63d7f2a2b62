/**
 * Values whose shape graphql-js has already checked against the Admin schema (resolver parents and
 * arguments, SQLite rows, JSON bodies in tests). Typing each of the schema's thousands of types by
 * hand would add nothing the schema does not enforce at run time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;
