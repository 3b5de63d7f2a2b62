/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type ActionFulfillmentOrderStatusQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ActionFulfillmentOrderStatusQuery = { fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>> };

export type ActionHoldFulfillmentOrderMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  hold: AdminTypes.FulfillmentOrderHoldInput;
}>;


export type ActionHoldFulfillmentOrderMutation = { fulfillmentOrderHold?: AdminTypes.Maybe<{ fulfillmentHold?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentHold, 'id'>>, fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderHoldUserError, 'field' | 'message' | 'code'>> }> };

export type ActionReleaseFulfillmentOrderMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ActionReleaseFulfillmentOrderMutation = { fulfillmentOrderReleaseHold?: AdminTypes.Maybe<{ fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderReleaseHoldUserError, 'field' | 'message' | 'code'>> }> };

export type RiskOrderByNameQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type RiskOrderByNameQuery = { orders: { nodes: Array<(
      Pick<AdminTypes.Order, 'id' | 'name' | 'createdAt' | 'email'>
      & { totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id' | 'numberOfOrders'>>, billingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'countryCodeV2' | 'zip'>>, shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'countryCodeV2' | 'zip'>>, lineItems: { nodes: Array<Pick<AdminTypes.LineItem, 'sku' | 'quantity'>> }, shippingLines: { nodes: Array<Pick<AdminTypes.ShippingLine, 'title'>> }, risk: { assessments: Array<(
          Pick<AdminTypes.OrderRiskAssessment, 'riskLevel'>
          & { facts: Array<Pick<AdminTypes.RiskFact, 'description' | 'sentiment'>> }
        )> }, fulfillmentOrders: { nodes: Array<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>> } }
    )> } };

export type ActionInventoryLevelQueryVariables = AdminTypes.Exact<{
  inventoryItemId: AdminTypes.Scalars['ID']['input'];
  locationId: AdminTypes.Scalars['ID']['input'];
}>;


export type ActionInventoryLevelQuery = { inventoryItem?: AdminTypes.Maybe<(
    Pick<AdminTypes.InventoryItem, 'id' | 'sku'>
    & { inventoryLevel?: AdminTypes.Maybe<{ quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }> }
  )> };

export type ActionSetQuantitiesMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.InventorySetQuantitiesInput;
}>;


export type ActionSetQuantitiesMutation = { inventorySetQuantities?: AdminTypes.Maybe<{ inventoryAdjustmentGroup?: AdminTypes.Maybe<Pick<AdminTypes.InventoryAdjustmentGroup, 'id' | 'reason'>>, userErrors: Array<Pick<AdminTypes.InventorySetQuantitiesUserError, 'field' | 'message' | 'code'>> }> };

export type ActionAdjustLevelQueryVariables = AdminTypes.Exact<{
  inventoryItemId: AdminTypes.Scalars['ID']['input'];
  locationId: AdminTypes.Scalars['ID']['input'];
}>;


export type ActionAdjustLevelQuery = { inventoryItem?: AdminTypes.Maybe<(
    Pick<AdminTypes.InventoryItem, 'id' | 'sku'>
    & { inventoryLevel?: AdminTypes.Maybe<{ quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }> }
  )> };

export type ActionAdjustQuantitiesMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.InventoryAdjustQuantitiesInput;
}>;


export type ActionAdjustQuantitiesMutation = { inventoryAdjustQuantities?: AdminTypes.Maybe<{ inventoryAdjustmentGroup?: AdminTypes.Maybe<Pick<AdminTypes.InventoryAdjustmentGroup, 'id' | 'reason'>>, userErrors: Array<Pick<AdminTypes.InventoryAdjustQuantitiesUserError, 'field' | 'message' | 'code'>> }> };

export type ActionProductTextQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ActionProductTextQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id' | 'title' | 'descriptionHtml'>
    & { seo: Pick<AdminTypes.Seo, 'title' | 'description'> }
  )> };

export type ActionUpdateProductMutationVariables = AdminTypes.Exact<{
  product: AdminTypes.ProductUpdateInput;
}>;


export type ActionUpdateProductMutation = { productUpdate?: AdminTypes.Maybe<{ product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id' | 'title'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type ActionDiscountByCodeQueryVariables = AdminTypes.Exact<{
  code: AdminTypes.Scalars['String']['input'];
}>;


export type ActionDiscountByCodeQuery = { codeDiscountNodeByCode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>> };

export type ActionDiscountCheckQueryVariables = AdminTypes.Exact<{
  code: AdminTypes.Scalars['String']['input'];
}>;


export type ActionDiscountCheckQuery = { codeDiscountNodeByCode?: AdminTypes.Maybe<(
    Pick<AdminTypes.DiscountCodeNode, 'id'>
    & { codeDiscount: Pick<AdminTypes.DiscountCodeBasic, 'title' | 'startsAt'> }
  )> };

export type ActionCreateDiscountMutationVariables = AdminTypes.Exact<{
  discount: AdminTypes.DiscountCodeBasicInput;
}>;


export type ActionCreateDiscountMutation = { discountCodeBasicCreate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }> };

export type ActionDeleteDiscountMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ActionDeleteDiscountMutation = { discountCodeDelete?: AdminTypes.Maybe<(
    Pick<AdminTypes.DiscountCodeDeletePayload, 'deletedCodeDiscountId'>
    & { userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'message' | 'code'>> }
  )> };

export type CampaignDiscountByCodeQueryVariables = AdminTypes.Exact<{
  code: AdminTypes.Scalars['String']['input'];
}>;


export type CampaignDiscountByCodeQuery = { codeDiscountNodeByCode?: AdminTypes.Maybe<(
    Pick<AdminTypes.DiscountCodeNode, 'id'>
    & { codeDiscount: { __typename: 'DiscountCodeApp' } | (
      { __typename: 'DiscountCodeBasic' }
      & Pick<AdminTypes.DiscountCodeBasic, 'title' | 'status' | 'startsAt' | 'endsAt' | 'usageLimit' | 'asyncUsageCount'>
    ) | (
      { __typename: 'DiscountCodeBxgy' }
      & Pick<AdminTypes.DiscountCodeBxgy, 'title' | 'status' | 'startsAt' | 'endsAt' | 'usageLimit' | 'asyncUsageCount'>
    ) | (
      { __typename: 'DiscountCodeFreeShipping' }
      & Pick<AdminTypes.DiscountCodeFreeShipping, 'title' | 'status' | 'startsAt' | 'endsAt' | 'usageLimit' | 'asyncUsageCount'>
    ) }
  )> };

export type CopyProductTextQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CopyProductTextQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'title' | 'descriptionHtml'>
    & { seo: Pick<AdminTypes.Seo, 'title' | 'description'>, options: Array<Pick<AdminTypes.ProductOption, 'name' | 'values'>> }
  )> };

export type MirrorBulkRunQueryMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type MirrorBulkRunQueryMutation = { bulkOperationRunQuery?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'field' | 'message' | 'code'>> }> };

export type MirrorBulkOperationQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type MirrorBulkOperationQuery = { node?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'rootObjectCount' | 'url'>> };

export type MirrorCurrentBulkOperationQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type MirrorCurrentBulkOperationQuery = { currentBulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'rootObjectCount' | 'url'>> };

export type ShopSettingsQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopSettingsQuery = { shop: Pick<AdminTypes.Shop, 'ianaTimezone' | 'currencyCode'> };

export type ActionVariantPricesQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ActionVariantPricesQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.ProductVariant, 'id' | 'sku' | 'price' | 'compareAtPrice'>
    & { product: Pick<AdminTypes.Product, 'id'> }
  )>> };

export type ActionUpdateVariantPricesMutationVariables = AdminTypes.Exact<{
  productId: AdminTypes.Scalars['ID']['input'];
  variants: Array<AdminTypes.ProductVariantsBulkInput> | AdminTypes.ProductVariantsBulkInput;
}>;


export type ActionUpdateVariantPricesMutation = { productVariantsBulkUpdate?: AdminTypes.Maybe<{ productVariants?: AdminTypes.Maybe<Array<Pick<AdminTypes.ProductVariant, 'id' | 'price' | 'compareAtPrice'>>>, userErrors: Array<Pick<AdminTypes.ProductVariantsBulkUpdateUserError, 'field' | 'message' | 'code'>> }> };

export type PurchasingLocationsQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type PurchasingLocationsQuery = { locations: { nodes: Array<Pick<AdminTypes.Location, 'id' | 'name'>> } };

export type LocalWebhookSubscriptionsQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type LocalWebhookSubscriptionsQuery = { webhookSubscriptions: { nodes: Array<Pick<AdminTypes.WebhookSubscription, 'id' | 'topic' | 'uri'>> } };

export type LocalWebhookSubscriptionCreateMutationVariables = AdminTypes.Exact<{
  topic: AdminTypes.WebhookSubscriptionTopic;
  uri: AdminTypes.Scalars['String']['input'];
}>;


export type LocalWebhookSubscriptionCreateMutation = { webhookSubscriptionCreate?: AdminTypes.Maybe<{ webhookSubscription?: AdminTypes.Maybe<Pick<AdminTypes.WebhookSubscription, 'id'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

interface GeneratedQueryTypes {
  "#graphql\n  query ActionFulfillmentOrderStatus($id: ID!) {\n    fulfillmentOrder(id: $id) { id status }\n  }\n": {return: ActionFulfillmentOrderStatusQuery, variables: ActionFulfillmentOrderStatusQueryVariables},
  "#graphql\n  query RiskOrderByName($query: String!) {\n    orders(first: 1, query: $query) {\n      nodes {\n        id\n        name\n        createdAt\n        email\n        totalPriceSet { shopMoney { amount } }\n        customer { id numberOfOrders }\n        billingAddress { countryCodeV2 zip }\n        shippingAddress { countryCodeV2 zip }\n        lineItems(first: 50) { nodes { sku quantity } }\n        shippingLines(first: 5) { nodes { title } }\n        risk { assessments { riskLevel facts { description sentiment } } }\n        fulfillmentOrders(first: 5) { nodes { id status } }\n      }\n    }\n  }\n": {return: RiskOrderByNameQuery, variables: RiskOrderByNameQueryVariables},
  "#graphql\n  query ActionInventoryLevel($inventoryItemId: ID!, $locationId: ID!) {\n    inventoryItem(id: $inventoryItemId) {\n      id\n      sku\n      inventoryLevel(locationId: $locationId) { quantities(names: [\"on_hand\"]) { name quantity } }\n    }\n  }\n": {return: ActionInventoryLevelQuery, variables: ActionInventoryLevelQueryVariables},
  "#graphql\n  query ActionAdjustLevel($inventoryItemId: ID!, $locationId: ID!) {\n    inventoryItem(id: $inventoryItemId) {\n      id\n      sku\n      inventoryLevel(locationId: $locationId) { quantities(names: [\"available\"]) { name quantity } }\n    }\n  }\n": {return: ActionAdjustLevelQuery, variables: ActionAdjustLevelQueryVariables},
  "#graphql\n  query ActionProductText($id: ID!) {\n    product(id: $id) { id title descriptionHtml seo { title description } }\n  }\n": {return: ActionProductTextQuery, variables: ActionProductTextQueryVariables},
  "#graphql\n  query ActionDiscountByCode($code: String!) {\n    codeDiscountNodeByCode(code: $code) { id }\n  }\n": {return: ActionDiscountByCodeQuery, variables: ActionDiscountByCodeQueryVariables},
  "#graphql\n  query ActionDiscountCheck($code: String!) {\n    codeDiscountNodeByCode(code: $code) { id codeDiscount { ... on DiscountCodeBasic { title startsAt } } }\n  }\n": {return: ActionDiscountCheckQuery, variables: ActionDiscountCheckQueryVariables},
  "#graphql\n  query CampaignDiscountByCode($code: String!) {\n    codeDiscountNodeByCode(code: $code) {\n      id\n      codeDiscount {\n        __typename\n        ... on DiscountCodeBasic { title status startsAt endsAt usageLimit asyncUsageCount }\n        ... on DiscountCodeBxgy { title status startsAt endsAt usageLimit asyncUsageCount }\n        ... on DiscountCodeFreeShipping { title status startsAt endsAt usageLimit asyncUsageCount }\n      }\n    }\n  }\n": {return: CampaignDiscountByCodeQuery, variables: CampaignDiscountByCodeQueryVariables},
  "#graphql\n  query CopyProductText($id: ID!) {\n    product(id: $id) { title descriptionHtml seo { title description } options { name values } }\n  }\n": {return: CopyProductTextQuery, variables: CopyProductTextQueryVariables},
  "#graphql\n  query MirrorBulkOperation($id: ID!) {\n    node(id: $id) { ... on BulkOperation { id status errorCode objectCount rootObjectCount url } }\n  }\n": {return: MirrorBulkOperationQuery, variables: MirrorBulkOperationQueryVariables},
  "#graphql\n  query MirrorCurrentBulkOperation {\n    currentBulkOperation(type: QUERY) { id status errorCode objectCount rootObjectCount url }\n  }\n": {return: MirrorCurrentBulkOperationQuery, variables: MirrorCurrentBulkOperationQueryVariables},
  "#graphql\n  query ShopSettings {\n    shop {\n      ianaTimezone\n      currencyCode\n    }\n  }\n": {return: ShopSettingsQuery, variables: ShopSettingsQueryVariables},
  "#graphql\n  query ActionVariantPrices($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on ProductVariant { id sku price compareAtPrice product { id } }\n    }\n  }\n": {return: ActionVariantPricesQuery, variables: ActionVariantPricesQueryVariables},
  "#graphql\n  query PurchasingLocations {\n    locations(first: 50) {\n      nodes { id name }\n    }\n  }\n": {return: PurchasingLocationsQuery, variables: PurchasingLocationsQueryVariables},
  "#graphql\n  query LocalWebhookSubscriptions {\n    webhookSubscriptions(first: 100) { nodes { id topic uri } }\n  }\n": {return: LocalWebhookSubscriptionsQuery, variables: LocalWebhookSubscriptionsQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation ActionHoldFulfillmentOrder($id: ID!, $hold: FulfillmentOrderHoldInput!) {\n    fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {\n      fulfillmentHold { id }\n      fulfillmentOrder { id status }\n      userErrors { field message code }\n    }\n  }\n": {return: ActionHoldFulfillmentOrderMutation, variables: ActionHoldFulfillmentOrderMutationVariables},
  "#graphql\n  mutation ActionReleaseFulfillmentOrder($id: ID!) {\n    fulfillmentOrderReleaseHold(id: $id) {\n      fulfillmentOrder { id status }\n      userErrors { field message code }\n    }\n  }\n": {return: ActionReleaseFulfillmentOrderMutation, variables: ActionReleaseFulfillmentOrderMutationVariables},
  "#graphql\n  mutation ActionSetQuantities($input: InventorySetQuantitiesInput!) {\n    inventorySetQuantities(input: $input) {\n      inventoryAdjustmentGroup { id reason }\n      userErrors { field message code }\n    }\n  }\n": {return: ActionSetQuantitiesMutation, variables: ActionSetQuantitiesMutationVariables},
  "#graphql\n  mutation ActionAdjustQuantities($input: InventoryAdjustQuantitiesInput!) {\n    inventoryAdjustQuantities(input: $input) {\n      inventoryAdjustmentGroup { id reason }\n      userErrors { field message code }\n    }\n  }\n": {return: ActionAdjustQuantitiesMutation, variables: ActionAdjustQuantitiesMutationVariables},
  "#graphql\n  mutation ActionUpdateProduct($product: ProductUpdateInput!) {\n    productUpdate(product: $product) {\n      product { id title }\n      userErrors { field message }\n    }\n  }\n": {return: ActionUpdateProductMutation, variables: ActionUpdateProductMutationVariables},
  "#graphql\n  mutation ActionCreateDiscount($discount: DiscountCodeBasicInput!) {\n    discountCodeBasicCreate(basicCodeDiscount: $discount) {\n      codeDiscountNode { id }\n      userErrors { field message code }\n    }\n  }\n": {return: ActionCreateDiscountMutation, variables: ActionCreateDiscountMutationVariables},
  "#graphql\n  mutation ActionDeleteDiscount($id: ID!) {\n    discountCodeDelete(id: $id) {\n      deletedCodeDiscountId\n      userErrors { field message code }\n    }\n  }\n": {return: ActionDeleteDiscountMutation, variables: ActionDeleteDiscountMutationVariables},
  "#graphql\n  mutation MirrorBulkRunQuery($query: String!) {\n    bulkOperationRunQuery(query: $query) {\n      bulkOperation { id status }\n      userErrors { field message code }\n    }\n  }\n": {return: MirrorBulkRunQueryMutation, variables: MirrorBulkRunQueryMutationVariables},
  "#graphql\n  mutation ActionUpdateVariantPrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {\n    productVariantsBulkUpdate(productId: $productId, variants: $variants) {\n      productVariants { id price compareAtPrice }\n      userErrors { field message code }\n    }\n  }\n": {return: ActionUpdateVariantPricesMutation, variables: ActionUpdateVariantPricesMutationVariables},
  "#graphql\n  mutation LocalWebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {\n    webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {\n      webhookSubscription { id }\n      userErrors { field message }\n    }\n  }\n": {return: LocalWebhookSubscriptionCreateMutation, variables: LocalWebhookSubscriptionCreateMutationVariables},
}
declare module '../admin-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
