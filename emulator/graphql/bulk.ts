// Runs bulk query operations in the background and writes Shopify's JSONL result format: one object
// per line; objects of nested connections become their own lines carrying `__parentId`.
import { createWriteStream, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import {
  execute,
  getNamedType,
  isObjectType,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { collectFields, isConnectionType } from "./cost";
import { fieldResolver, parseAndValidate, selectOperation } from "./engine";
import type { GraphQLContext } from "./util";
import type { Loose } from "../loose";

const ROOT_PAGE = 250;

interface Flattener {
  write(line: string): void;
  objects: number;
}

export class BulkQueryRunner {
  private running: Promise<void> | null = null;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly dir: string,
    private readonly makeContext: () => GraphQLContext,
  ) {}

  filePath(id: number): string {
    return path.join(this.dir, `bulk-operation-${id}.jsonl`);
  }

  /** Resolves when the operation in progress (if any) has finished. */
  async idle(): Promise<void> {
    await this.running;
  }

  start(
    query: string,
  ): { bulkOperationId: number } | { userError: { field: string[]; message: string; code: string } } {
    const ctx = this.makeContext();
    const invalid = (message: string) => ({ userError: { field: ["query"], message, code: "INVALID" } });
    const busy = ctx.store.one(
      "SELECT id FROM bulk_operations WHERE type = 'QUERY' AND status IN ('CREATED', 'RUNNING')",
    );
    if (busy) {
      return {
        userError: {
          field: [],
          code: "OPERATION_IN_PROGRESS",
          message: `A bulk query operation for this app and shop is already in progress: gid://shopify/BulkOperation/${busy.id}.`,
        },
      };
    }
    const parsed = parseAndValidate(this.schema, query);
    if ("errors" in parsed) return invalid(`Invalid bulk query: ${parsed.errors.map((e) => e.message).join("; ")}`);
    const { op, fragments } = selectOperation(parsed.document);
    if (!op || op.operation !== "query") return invalid("Bulk queries must hold exactly one query operation.");
    const roots = [...collectFields(this.schema, this.schema.getQueryType()!, op.selectionSet, fragments)];
    if (roots.length !== 1 || !isConnectionType(getNamedType(roots[0][1].def.type))) {
      return invalid("Bulk queries must contain exactly one top-level field, and it must be a connection.");
    }
    const res = ctx.store.run(
      "INSERT INTO bulk_operations (type, status, query, created_at) VALUES ('QUERY', 'CREATED', ?, ?)",
      query,
      ctx.store.now(),
    );
    const id = Number(res.lastInsertRowid);
    this.running = this.run(id, query).catch((err: unknown) => {
      ctx.store.run(
        "UPDATE bulk_operations SET status = 'FAILED', error_code = 'INTERNAL_SERVER_ERROR', completed_at = ? WHERE id = ?",
        ctx.store.now(),
        id,
      );
      console.error(`[emulator] bulk operation ${id} failed:`, err);
    });
    return { bulkOperationId: id };
  }

  private async run(id: number, query: string): Promise<void> {
    await yieldToLoop();
    const base = this.makeContext();
    base.store.run("UPDATE bulk_operations SET status = 'RUNNING' WHERE id = ?", id);
    const parsed = parseAndValidate(this.schema, query);
    if ("errors" in parsed) throw parsed.errors[0];
    const { op, fragments } = selectOperation(parsed.document);
    const [[rootKey, root]] = [...collectFields(this.schema, this.schema.getQueryType()!, op!.selectionSet, fragments)];
    mkdirSync(this.dir, { recursive: true });
    const file = this.filePath(id);
    const out = createWriteStream(file);
    const sink: Flattener = { objects: 0, write: (line) => out.write(line + "\n") };
    let rootObjects = 0;
    const bulk = {
      rootAfter: null as string | null,
      rootPageSize: ROOT_PAGE,
      rootEndCursor: null as string | null,
      rootHasNext: true,
    };
    try {
      while (bulk.rootHasNext) {
        const ctx: GraphQLContext = { ...base, bulk };
        const result = await execute({
          schema: this.schema,
          document: parsed.document,
          rootValue: {},
          contextValue: ctx,
          fieldResolver,
        });
        if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join("; "));
        const conn = (result.data as Loose)[rootKey];
        const nodes = this.connectionItems(
          getNamedType(root.def.type) as GraphQLCompositeType,
          root.node.selectionSet!,
          conn,
          fragments,
        );
        for (const { item, nodeType, set } of nodes) {
          this.emit(item, nodeType, set, fragments, null, sink);
          rootObjects++;
        }
        bulk.rootAfter = bulk.rootEndCursor;
        if (!bulk.rootEndCursor) break;
        await yieldToLoop();
      }
    } finally {
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    }
    base.store.run(
      "UPDATE bulk_operations SET status = 'COMPLETED', completed_at = ?, object_count = ?, root_object_count = ?, " +
        "file_size = ?, file_path = ? WHERE id = ?",
      base.store.now(),
      sink.objects,
      rootObjects,
      statSync(file).size,
      file,
      id,
    );
  }

  /** The node objects of a connection value, with the type and selection set of each. */
  private connectionItems(connType: GraphQLCompositeType, set: SelectionSetNode, value: Loose, fragments: Loose) {
    const items: { item: Loose; nodeType: GraphQLCompositeType; set: SelectionSetNode }[] = [];
    if (value == null || !isObjectType(connType)) return items;
    for (const [key, c] of collectFields(this.schema, connType, set, fragments)) {
      if (c.def.name === "nodes") {
        const t = getNamedType(c.def.type) as GraphQLCompositeType;
        for (const item of value[key] ?? []) items.push({ item, nodeType: t, set: c.node.selectionSet! });
      } else if (c.def.name === "edges") {
        const edgeType = getNamedType(c.def.type) as GraphQLCompositeType;
        for (const [nodeKey, n] of collectFields(this.schema, edgeType, c.node.selectionSet!, fragments)) {
          if (n.def.name !== "node") continue;
          const t = getNamedType(n.def.type) as GraphQLCompositeType;
          for (const edge of value[key] ?? [])
            items.push({ item: edge[nodeKey], nodeType: t, set: n.node.selectionSet! });
        }
      }
    }
    return items;
  }

  /** Writes one object, then the objects of its nested connections as child lines. */
  private emit(
    item: Loose,
    type: GraphQLCompositeType,
    set: SelectionSetNode,
    fragments: Loose,
    parentId: string | null,
    sink: Flattener,
  ) {
    const line: Record<string, unknown> = {};
    const children: { key: string; connType: GraphQLCompositeType; set: SelectionSetNode }[] = [];
    const fields = collectFields(this.schema, type, set, fragments);
    for (const [key, c] of fields) {
      const named = getNamedType(c.def.type);
      if (isConnectionType(named))
        children.push({ key, connType: named as GraphQLCompositeType, set: c.node.selectionSet! });
      else if (key in item) line[key] = item[key];
    }
    if (item.__typename !== undefined) line.__typename = item.__typename;
    if (parentId) line.__parentId = parentId;
    sink.write(JSON.stringify(line));
    sink.objects++;
    if (children.length && typeof item.id !== "string") {
      throw new Error(`Bulk query: the object holding nested connection '${children[0].key}' must select 'id'`);
    }
    for (const child of children) {
      for (const c of this.connectionItems(child.connType, child.set, item[child.key], fragments)) {
        this.emit(c.item, c.nodeType, c.set, fragments, item.id, sink);
      }
    }
  }
}
