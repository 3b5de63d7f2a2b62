// BulkOperation objects and the queries/mutation that start and watch them.
import type { Row } from "../store/store";
import { gid, type Resolvers } from "./util";

export function bulkOperationView(row: Row, baseUrl: string) {
  const done = row.status === "COMPLETED";
  return {
    __typename: "BulkOperation",
    _row: row,
    id: gid("BulkOperation", row.id),
    status: row.status,
    type: row.type,
    query: row.query,
    createdAt: row.created_at,
    completedAt: row.completed_at,
    errorCode: row.error_code,
    objectCount: String(row.object_count),
    rootObjectCount: String(row.root_object_count),
    fileSize: row.file_size == null ? null : String(row.file_size),
    // Shopify returns no URL when the query matched nothing.
    url: done && Number(row.object_count) > 0 ? `${baseUrl}/bulk-operations/${row.id}.jsonl` : null,
    partialDataUrl: null,
  };
}

export const bulkResolvers: Resolvers = {
  QueryRoot: {
    currentBulkOperation: {
      args: ["type"],
      resolve: (_p, a, ctx) => {
        const row = ctx.store.one(
          "SELECT * FROM bulk_operations WHERE type = ? ORDER BY id DESC LIMIT 1",
          a.type ?? "QUERY",
        );
        return row ? bulkOperationView(row, ctx.baseUrl) : null;
      },
    },
    bulkOperation: {
      args: ["id"],
      resolve: (_p, a, ctx) => {
        const m = /^gid:\/\/shopify\/BulkOperation\/(\d+)$/.exec(a.id);
        const row = m ? ctx.store.one("SELECT * FROM bulk_operations WHERE id = ?", Number(m[1])) : undefined;
        return row ? bulkOperationView(row, ctx.baseUrl) : null;
      },
    },
  },
  Mutation: {
    bulkOperationRunQuery: {
      args: ["query", "groupObjects"],
      resolve: (_p, a, ctx) => {
        const start = ctx.services.startBulkQuery;
        if (!start) throw new Error("Bulk operations need the emulator server (no runner in this context)");
        const res = start(a.query);
        if ("userError" in res) return { bulkOperation: null, userErrors: [res.userError] };
        const row = ctx.store.one("SELECT * FROM bulk_operations WHERE id = ?", res.bulkOperationId)!;
        return { bulkOperation: bulkOperationView(row, ctx.baseUrl), userErrors: [] };
      },
    },
  },
};
