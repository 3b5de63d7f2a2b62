// Builds Shopify connection objects (edges/node/cursor, nodes, pageInfo) from pages of rows.
import type { GraphQLResolveInfo } from "graphql";
import { arrayPage, sqlPage, type Page, type PageArgs } from "../store/paginate";
import { compileSearch, type ResourceSearch, type SqlPart } from "../store/search";
import { notImplemented, type GraphQLContext } from "./util";
import type { Loose } from "../loose";

export function toConnection<T>(page: Page<T>, view: (row: T) => unknown) {
  const nodes = page.items.map((i) => view(i.row));
  return {
    edges: page.items.map((i, k) => ({ cursor: i.cursor, node: nodes[k] })),
    nodes,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.items[0]?.cursor ?? null,
      endCursor: page.items[page.items.length - 1]?.cursor ?? null,
    },
  };
}

export interface RootConnectionSpec {
  from: string;
  idExpr: string;
  search: ResourceSearch;
  /** sortKey enum value → SQL expression (non-null). */
  sortKeys: Record<string, string>;
  where?: SqlPart[];
}

const isRootField = (info: GraphQLResolveInfo) => info.path.prev === undefined;

/** A top-level connection (products, orders, ...) paged in SQL, honouring query/sortKey/reverse. */
export function rootConnection(
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
  spec: RootConnectionSpec,
  args: PageArgs & { query?: string | null; sortKey?: string | null },
  view: (row: Loose) => unknown,
) {
  const sortKey = args.sortKey ?? "ID";
  const sortExpr = spec.sortKeys[sortKey];
  if (!sortExpr) throw notImplemented(`sortKey ${sortKey} on '${info.parentType.name}.${info.fieldName}'`);
  const where = [...(spec.where ?? [])];
  const search = compileSearch(args.query, spec.search);
  if (search) where.push(search);
  const pageSpec = { from: spec.from, idExpr: spec.idExpr, sortExpr, where };
  const bulk = ctx.bulk;
  if (bulk && isRootField(info)) {
    const page = sqlPage(ctx.store, pageSpec, {
      first: bulk.rootPageSize,
      after: bulk.rootAfter,
      reverse: args.reverse,
    });
    bulk.rootEndCursor = page.items[page.items.length - 1]?.cursor ?? null;
    bulk.rootHasNext = page.hasNextPage;
    return toConnection(page, view);
  }
  return toConnection(sqlPage(ctx.store, pageSpec, args, Boolean(bulk)), view);
}

/** A nested connection over a small list already loaded (a product's variants, an order's line items). */
export function listConnection<T>(
  ctx: GraphQLContext,
  items: T[],
  idOf: (t: T) => number,
  args: PageArgs,
  view: (row: T) => unknown,
) {
  return toConnection(arrayPage(items, idOf, args, Boolean(ctx.bulk)), view);
}
