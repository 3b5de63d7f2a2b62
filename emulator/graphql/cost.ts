// Shopify's calculated query cost: scalars and enums 0, objects 1, connections 2 + first/last × the
// cost of one node, each mutation root field 10. The actual cost re-walks the response with the
// page sizes that were really returned (Shopify refunds the difference to the bucket).
import {
  getNamedType,
  isCompositeType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { getArgumentValues } from "graphql/execution/values";
import type { Loose } from "../loose";

export const MUTATION_COST = 10;

interface Collected {
  node: FieldNode;
  def: GraphQLField<unknown, unknown>;
}

type Fragments = Record<string, FragmentDefinitionNode>;

/** Fields of a selection set, merging fragments; keyed by response key (alias or name). */
function collectFields(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  fragments: Fragments,
  out = new Map<string, Collected>(),
): Map<string, Collected> {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const name = sel.name.value;
      if (name.startsWith("__")) continue;
      const key = sel.alias?.value ?? name;
      if (out.has(key)) continue;
      const fields = "getFields" in type ? type.getFields() : {};
      const def = (fields as Record<string, GraphQLField<unknown, unknown>>)[name];
      if (def) out.set(key, { node: sel, def });
    } else {
      const frag = sel.kind === Kind.INLINE_FRAGMENT ? sel : fragments[sel.name.value];
      if (!frag) continue;
      const cond = frag.typeCondition ? schema.getType(frag.typeCondition.name.value) : type;
      if (cond && isCompositeType(cond)) collectFields(schema, cond, frag.selectionSet, fragments, out);
    }
  }
  return out;
}

export function isConnectionType(t: GraphQLNamedType): boolean {
  return isObjectType(t) && t.name.endsWith("Connection") && "pageInfo" in t.getFields();
}

/** The node type and node selection sets of a connection field selection. */
function connectionNodes(
  schema: GraphQLSchema,
  conn: GraphQLCompositeType,
  set: SelectionSetNode | undefined,
  fragments: Fragments,
): { nodeType: GraphQLCompositeType; sets: SelectionSetNode[] } | null {
  if (!set || !isObjectType(conn)) return null;
  const fields = conn.getFields();
  const edgeType = getNamedType(fields.edges?.type) as GraphQLObjectType | undefined;
  const nodeType = (
    fields.nodes ? getNamedType(fields.nodes.type) : getNamedType(edgeType!.getFields().node.type)
  ) as GraphQLCompositeType;
  const sets: SelectionSetNode[] = [];
  for (const [, c] of collectFields(schema, conn, set, fragments)) {
    if (c.def.name === "nodes" && c.node.selectionSet) sets.push(c.node.selectionSet);
    if (c.def.name === "edges" && c.node.selectionSet) {
      const edgeType = getNamedType(c.def.type) as GraphQLCompositeType;
      for (const [, e] of collectFields(schema, edgeType, c.node.selectionSet, fragments)) {
        if (e.def.name === "node" && e.node.selectionSet) sets.push(e.node.selectionSet);
      }
    }
  }
  return { nodeType, sets };
}

function pageSizeOf(args: Record<string, unknown>): number {
  const n = (args.first ?? args.last) as number | undefined;
  return typeof n === "number" && n > 0 ? n : 0;
}

function selectionCost(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  fragments: Fragments,
  variables: Record<string, unknown>,
): number {
  let cost = 0;
  for (const [, { node, def }] of collectFields(schema, type, set, fragments)) {
    const named = getNamedType(def.type);
    if (isLeafType(named)) continue;
    if (isConnectionType(named)) {
      const args = safeArgs(def, node, variables);
      const conn = connectionNodes(schema, named as GraphQLCompositeType, node.selectionSet, fragments);
      const perNode = conn
        ? Math.max(0, ...conn.sets.map((s) => 1 + selectionCost(schema, conn.nodeType, s, fragments, variables)))
        : 0;
      cost += 2 + pageSizeOf(args) * perNode;
    } else {
      cost +=
        1 +
        (node.selectionSet
          ? selectionCost(schema, named as GraphQLCompositeType, node.selectionSet, fragments, variables)
          : 0);
    }
  }
  return cost;
}

function safeArgs(def: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>) {
  try {
    return getArgumentValues(def, node, variables);
  } catch {
    return {};
  }
}

function rootType(schema: GraphQLSchema, op: OperationDefinitionNode) {
  return op.operation === "mutation" ? schema.getMutationType()! : schema.getQueryType()!;
}

export function requestedCost(
  schema: GraphQLSchema,
  op: OperationDefinitionNode,
  fragments: Fragments,
  variables: Record<string, unknown>,
): number {
  if (op.operation === "mutation") {
    return collectFields(schema, rootType(schema, op), op.selectionSet, fragments).size * MUTATION_COST;
  }
  return selectionCost(schema, rootType(schema, op), op.selectionSet, fragments, variables);
}

function dataCost(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  fragments: Fragments,
  data: Record<string, unknown>,
): number {
  let cost = 0;
  for (const [key, { node, def }] of collectFields(schema, type, set, fragments)) {
    if (!(key in data)) continue;
    const named = getNamedType(def.type);
    if (isLeafType(named)) continue;
    const value = data[key] as Loose;
    if (isConnectionType(named)) {
      const conn = connectionNodes(schema, named as GraphQLCompositeType, node.selectionSet, fragments);
      const edgesKey = node.selectionSet
        ? [...collectFields(schema, named as GraphQLCompositeType, node.selectionSet, fragments)].find(
            ([, c]) => c.def.name === "edges" || c.def.name === "nodes",
          )
        : undefined;
      const list: Loose[] =
        value == null || !edgesKey
          ? []
          : edgesKey[1].def.name === "nodes"
            ? (value[edgesKey[0]] ?? [])
            : (value[edgesKey[0]] ?? []).map((e: Loose) => e?.node);
      cost += 2;
      for (const item of list) {
        cost +=
          1 +
          (conn && item
            ? Math.max(0, ...conn.sets.map((s) => dataCost(schema, conn.nodeType, s, fragments, item)))
            : 0);
      }
    } else if (node.selectionSet) {
      const t = named as GraphQLCompositeType;
      const defType = isNonNullType(def.type) ? def.type.ofType : def.type;
      if (isListType(defType) && Array.isArray(value)) {
        cost += 1 + Math.max(0, ...value.map((v) => (v ? dataCost(schema, t, node.selectionSet!, fragments, v) : 0)));
      } else {
        cost += 1 + (value ? dataCost(schema, t, node.selectionSet, fragments, value) : 0);
      }
    } else {
      cost += 1;
    }
  }
  return cost;
}

export function actualCost(
  schema: GraphQLSchema,
  op: OperationDefinitionNode,
  fragments: Fragments,
  data: Record<string, unknown> | null | undefined,
): number {
  if (op.operation === "mutation") {
    return collectFields(schema, rootType(schema, op), op.selectionSet, fragments).size * MUTATION_COST;
  }
  return data ? dataCost(schema, rootType(schema, op), op.selectionSet, fragments, data) : 0;
}

export { collectFields };
