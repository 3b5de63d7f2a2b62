// GraphQL codegen (`npm run graphql-codegen`), as in Shopify's app template: @shopify/api-codegen-preset
// types every `#graphql` document in the app's code (not tests) against the pinned Admin API version.
// It writes agents/shopify/types/admin.types.d.ts (the schema's types) and admin.generated.d.ts (one
// entry per document, keyed by its text, in the AdminQueries/AdminMutations interfaces that
// agents/shopify/admin-client.ts looks documents up in). npm test checks both are current.
// GRAPHQL_TYPES_DIR overrides the output folder (scripts/check-graphql-types.sh generates into a temp dir).
import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";
import { ADMIN_API_VERSION } from "./agents/shopify/api-version";
import { GRAPHQL_TYPES_DIR, writeAdminSchemaFile } from "./scripts/admin-schema";

const outputDir = process.env.GRAPHQL_TYPES_DIR || `./${GRAPHQL_TYPES_DIR}`;
// The preset downloads the schema unless <outputDir>/admin-<version>.schema.json exists: write it first.
writeAdminSchemaFile(outputDir);

export default {
  schema: `${outputDir}/admin-${ADMIN_API_VERSION}.schema.json`,
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion: ADMIN_API_VERSION,
      // The roots tests/graphql-documents.test.ts validates; tests' own ad-hoc documents stay untyped.
      documents: ["{agents,app,mcp,server,scripts}/**/*.{ts,tsx}", "!**/*.test.{ts,tsx}", `!${GRAPHQL_TYPES_DIR}/**`],
      outputDir,
      enumsAsConst: true,
      // The generated file augments the app's own client interfaces (agents/shopify/admin-client.ts),
      // not @shopify/admin-api-client's, whose index signatures would type every other string as any.
      module: "../admin-client",
    }),
  },
};
