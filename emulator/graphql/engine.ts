// Executes Admin GraphQL requests over the real schema: validation, cost, throttling, resolvers.
import {
  execute,
  Kind,
  parse,
  validate,
  type GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { catalogResolvers } from "./catalog";
import { catalogMutations } from "./catalog-mutations";
import { bulkResolvers } from "./bulk-view";
import { actualCost, requestedCost } from "./cost";
import { discountResolvers } from "./discounts";
import { nodeResolvers } from "./node";
import { orderResolvers } from "./orders";
import { webhookSubscriptionResolvers } from "./webhook-subscriptions";
import type { CostBucket } from "./bucket";
import { notImplemented, type GraphQLContext, type Resolvers } from "./util";
import type { Loose } from "../loose";

export const MAX_QUERY_COST = 1000;

function mergeResolvers(...all: Resolvers[]): Resolvers {
  const out: Resolvers = {};
  for (const r of all) {
    for (const [type, fields] of Object.entries(r)) out[type] = { ...out[type], ...fields };
  }
  return out;
}

export const resolvers = mergeResolvers(
  catalogResolvers,
  catalogMutations,
  orderResolvers,
  discountResolvers,
  nodeResolvers,
  bulkResolvers,
  webhookSubscriptionResolvers,
);

/**
 * Every field goes through here: a declared resolver (whose honoured arguments are checked), else a
 * plain property of the parent view, else an error naming the field — never a silent null.
 */
export const fieldResolver: GraphQLFieldResolver<Loose, GraphQLContext> = (source, args, ctx, info) => {
  const typeName = info.parentType.name;
  const def = resolvers[typeName]?.[info.fieldName];
  const supplied = info.fieldNodes[0].arguments?.map((a) => a.name.value) ?? [];
  if (def) {
    const allowed = typeof def === "function" ? [] : def.args;
    for (const name of supplied) {
      if (!allowed.includes(name)) throw notImplemented(`Argument '${name}' on field '${typeName}.${info.fieldName}'`);
    }
    return (typeof def === "function" ? def : def.resolve)(source, args, ctx, info);
  }
  if (source != null && typeof source === "object" && Object.prototype.hasOwnProperty.call(source, info.fieldName)) {
    if (supplied.length) throw notImplemented(`Argument '${supplied[0]}' on field '${typeName}.${info.fieldName}'`);
    return source[info.fieldName];
  }
  throw notImplemented(`Field '${typeName}.${info.fieldName}'`);
};

export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphQLResponse {
  errors?: unknown[];
  data?: unknown;
  extensions?: Record<string, unknown>;
}

const documentCache = new Map<string, { document: DocumentNode } | { errors: GraphQLError[] }>();
const DOCUMENT_CACHE_SIZE = 500;

/** Shopify words schema validation errors its own way; clients match on these codes. */
function shopifyValidationError(e: GraphQLError) {
  const undefinedField = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(e.message);
  if (undefinedField) {
    return {
      message: `Field '${undefinedField[1]}' doesn't exist on type '${undefinedField[2]}'`,
      locations: e.locations,
      extensions: { code: "undefinedField", typeName: undefinedField[2], fieldName: undefinedField[1] },
    };
  }
  return { message: e.message, locations: e.locations, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } };
}

export function parseAndValidate(
  schema: GraphQLSchema,
  query: string,
): { document: DocumentNode } | { errors: GraphQLError[] } {
  const cached = documentCache.get(query);
  if (cached) return cached;
  let result: { document: DocumentNode } | { errors: GraphQLError[] };
  try {
    const document = parse(query);
    const errors = validate(schema, document);
    result = errors.length ? { errors: [...errors] } : { document };
  } catch (err) {
    result = { errors: [err as GraphQLError] };
  }
  if (documentCache.size >= DOCUMENT_CACHE_SIZE) documentCache.delete(documentCache.keys().next().value!);
  documentCache.set(query, result);
  return result;
}

export function selectOperation(document: DocumentNode, operationName?: string | null) {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  return { op, fragments };
}

/** Runs one request against `bucket`; always HTTP 200 territory (errors are in the body, like Shopify). */
export async function runGraphQL(
  schema: GraphQLSchema,
  body: GraphQLRequestBody,
  ctx: GraphQLContext,
  bucket: CostBucket | null,
): Promise<GraphQLResponse> {
  if (typeof body.query !== "string" || !body.query.trim()) {
    return {
      errors: [{ message: 'Parameter \'query\' is missing: send {"query": "{ shop { name } }", "variables": {}}' }],
    };
  }
  const variables = (body.variables ?? {}) as Record<string, unknown>;
  if (typeof variables !== "object" || Array.isArray(variables)) {
    return { errors: [{ message: "Parameter 'variables' must be a JSON object" }] };
  }
  const parsed = parseAndValidate(schema, body.query);
  if ("errors" in parsed) return { errors: parsed.errors.map(shopifyValidationError) };
  const operationName = typeof body.operationName === "string" ? body.operationName : null;
  const { op, fragments } = selectOperation(parsed.document, operationName);
  if (!op) {
    return {
      errors: [
        {
          message: operationName
            ? `No operation named "${operationName}"`
            : "An operationName is required when the document holds several operations",
        },
      ],
    };
  }
  const requested = requestedCost(schema, op, fragments, variables);
  if (requested > MAX_QUERY_COST) {
    return {
      errors: [
        {
          message:
            `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\n` +
            "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
            "cost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
            "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
          extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: requested,
          actualQueryCost: null,
          ...(bucket ? { throttleStatus: bucket.status() } : {}),
        },
      },
    };
  }
  if (bucket && !bucket.take(requested)) {
    return {
      errors: [
        {
          message: "Throttled",
          extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
    };
  }
  const result = (await execute({
    schema,
    document: parsed.document,
    rootValue: {},
    contextValue: ctx,
    variableValues: variables,
    operationName,
    fieldResolver,
  })) as ExecutionResult;
  const actual = Math.min(requested, actualCost(schema, op, fragments, result.data as Record<string, unknown> | null));
  if (bucket) bucket.refund(requested - actual);
  const response: GraphQLResponse = {};
  if (result.errors?.length) response.errors = result.errors.map((e) => e.toJSON());
  if (result.data !== undefined) response.data = result.data;
  response.extensions = {
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      ...(bucket ? { throttleStatus: bucket.status() } : {}),
    },
  };
  return response;
}
