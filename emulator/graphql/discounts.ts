// Basic code discounts: create, deactivate, delete, list and look up by code.
import type { EmulatorStore, Row } from "../store/store";
import { listConnection, rootConnection, type RootConnectionSpec } from "./connection";
import { countOf } from "./catalog";
import { isoSeconds } from "../store/db";
import {
  CONNECTION_ARGS,
  count,
  decimalToCents,
  gid,
  idOf,
  money,
  notImplemented,
  rejectUnknownInput,
  type Resolvers,
  type UserError,
} from "./util";
import type { Loose } from "../loose";

function status(row: Row, now: string): string {
  if (row.starts_at > now) return "SCHEDULED";
  if (row.ends_at != null && row.ends_at <= now) return "EXPIRED";
  return "ACTIVE";
}

export function discountNodeView(row: Row, store: EmulatorStore) {
  const currency = store.currency();
  const value =
    row.percentage != null
      ? { __typename: "DiscountPercentage", percentage: Number(row.percentage) }
      : { __typename: "DiscountAmount", amount: money(Number(row.amount_cents), currency), appliesOnEachItem: false };
  const summary =
    row.percentage != null
      ? `${Math.round(Number(row.percentage) * 100)}% off entire order`
      : `${money(Number(row.amount_cents), currency).amount} ${currency} off entire order`;
  return {
    __typename: "DiscountCodeNode",
    id: gid("DiscountCodeNode", row.id),
    _row: row,
    codeDiscount: {
      __typename: "DiscountCodeBasic",
      _row: row,
      title: row.title,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      status: status(row, store.now()),
      usageLimit: row.usage_limit,
      appliesOncePerCustomer: Boolean(row.applies_once_per_customer),
      asyncUsageCount: Number(row.times_used),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      summary,
      shortSummary: summary,
      discountClasses: ["ORDER"],
      recurringCycleLimit: null,
      hasTimelineComment: false,
      tags: [],
      codesCount: count(1),
      totalSales: null,
      minimumRequirement: null,
      combinesWith: {
        orderDiscounts: false,
        productDiscounts: false,
        shippingDiscounts: false,
        productDiscountsWithTagsOnSameCartLine: null,
      },
      context: { __typename: "DiscountBuyerSelectionAll", all: "ALL" },
      customerGets: {
        value,
        items: { __typename: "AllDiscountItems", allItems: true },
        appliesOnOneTimePurchase: true,
        appliesOnSubscription: false,
      },
    },
  };
}

const STATUS_SQL = (now: () => string) => ({
  active: {
    get sql() {
      return `d.starts_at <= '${now()}' AND (d.ends_at IS NULL OR d.ends_at > '${now()}')`;
    },
  },
  expired: {
    get sql() {
      return `d.ends_at IS NOT NULL AND d.ends_at <= '${now()}'`;
    },
  },
  scheduled: {
    get sql() {
      return `d.starts_at > '${now()}'`;
    },
  },
});

const discountSpec: RootConnectionSpec = {
  from: "discount_codes d",
  idExpr: "d.id",
  search: {
    resource: "codeDiscountNodes",
    defaultField: "title",
    fields: {
      id: { kind: "number", expr: "d.id" },
      title: { kind: "text", expr: "d.title" },
      code: { kind: "exact", expr: "d.code" },
      starts_at: { kind: "date", expr: "d.starts_at" },
      ends_at: { kind: "date", expr: "d.ends_at" },
      created_at: { kind: "date", expr: "d.created_at" },
      updated_at: { kind: "date", expr: "d.updated_at" },
      times_used: { kind: "number", expr: "d.times_used" },
      status: { kind: "enum", expr: "", values: STATUS_SQL(() => isoSeconds(Date.now())) },
    },
  },
  sortKeys: {
    ID: "d.id",
    CREATED_AT: "d.created_at",
    UPDATED_AT: "d.updated_at",
    TITLE: "d.title",
    STARTS_AT: "d.starts_at",
    ENDS_AT: "COALESCE(d.ends_at, '9999')",
  },
};

function validateBasicInput(store: EmulatorStore, input: Loose, creating: boolean): UserError[] {
  rejectUnknownInput(input, "DiscountCodeBasicInput", [
    "title",
    "code",
    "startsAt",
    "endsAt",
    "customerGets",
    "context",
    "customerSelection",
    "usageLimit",
    "appliesOncePerCustomer",
    "combinesWith",
  ]);
  const errors: UserError[] = [];
  const field = (f: string) => ["basicCodeDiscount", f];
  if (creating && !input.title?.trim())
    errors.push({ field: field("title"), message: "Title can't be blank", code: "BLANK" });
  if (creating && !input.code?.trim())
    errors.push({ field: field("code"), message: "Code can't be blank", code: "BLANK" });
  if (input.code && String(input.code).length > 255)
    errors.push({ field: field("code"), message: "Code is too long (maximum is 255 characters)", code: "TOO_LONG" });
  if (input.code && store.one("SELECT id FROM discount_codes WHERE code = ? COLLATE NOCASE", input.code.trim())) {
    errors.push({ field: field("code"), message: "Code must be unique. Please try a different code.", code: "TAKEN" });
  }
  if (input.startsAt && input.endsAt && Date.parse(input.endsAt) < Date.parse(input.startsAt)) {
    errors.push({
      field: field("endsAt"),
      message: "Ends at needs to be after starts_at",
      code: "END_DATE_BEFORE_START_DATE",
    });
  }
  for (const f of ["startsAt", "endsAt"]) {
    if (input[f] != null && Number.isNaN(Date.parse(input[f])))
      errors.push({ field: field(f), message: `${f} is not a valid date-time`, code: "INVALID" });
  }
  if (input.usageLimit != null && input.usageLimit < 1) {
    errors.push({ field: field("usageLimit"), message: "Usage limit must be greater than 0", code: "GREATER_THAN" });
  }
  if (input.context && input.context.all !== "ALL") throw notImplemented("Discount context other than `{ all: ALL }`");
  if (input.customerSelection && input.customerSelection.all !== true)
    throw notImplemented("Discount customerSelection other than `{ all: true }`");
  const gets = input.customerGets;
  if (creating && !gets?.value) {
    errors.push({ field: [...field("customerGets"), "value"], message: "Value can't be blank", code: "BLANK" });
  }
  if (gets) {
    rejectUnknownInput(gets, "DiscountCustomerGetsInput", [
      "value",
      "items",
      "appliesOnOneTimePurchase",
      "appliesOnSubscription",
    ]);
    if (gets.items && gets.items.all !== true)
      throw notImplemented("Discount items other than `{ all: true }` (products/collections)");
    if (gets.value) {
      rejectUnknownInput(gets.value, "DiscountCustomerGetsValueInput", ["percentage", "discountAmount"]);
      const vf = [...field("customerGets"), "value"];
      if (gets.value.percentage != null && gets.value.discountAmount != null) {
        errors.push({
          field: vf,
          message: "Only one of percentage or discountAmount can be set",
          code: "TOO_MANY_ARGUMENTS",
        });
      } else if (gets.value.percentage != null) {
        if (!(gets.value.percentage > 0 && gets.value.percentage <= 1)) {
          errors.push({
            field: [...vf, "percentage"],
            message: "Value must be between 0.0 and 1.0",
            code: "VALUE_OUTSIDE_RANGE",
          });
        }
      } else if (gets.value.discountAmount != null) {
        rejectUnknownInput(gets.value.discountAmount, "DiscountAmountInput", ["amount", "appliesOnEachItem"]);
        if (gets.value.discountAmount.appliesOnEachItem)
          throw notImplemented("Input field 'DiscountAmountInput.appliesOnEachItem' = true");
        const cents = decimalToCents(gets.value.discountAmount.amount);
        if (cents == null || cents <= 0)
          errors.push({
            field: [...vf, "discountAmount", "amount"],
            message: "Amount must be a number greater than 0",
            code: "GREATER_THAN",
          });
      } else if (gets.value.discountOnQuantity) {
        throw notImplemented("Input field 'DiscountCustomerGetsValueInput.discountOnQuantity'");
      } else {
        errors.push({ field: vf, message: "Value can't be blank", code: "BLANK" });
      }
    }
  }
  return errors;
}

export const discountResolvers: Resolvers = {
  QueryRoot: {
    codeDiscountNodes: {
      args: [...CONNECTION_ARGS, "query", "sortKey"],
      resolve: (_p, a, ctx, info) => rootConnection(ctx, info, discountSpec, a, (r) => discountNodeView(r, ctx.store)),
    },
    codeDiscountNodeByCode: {
      args: ["code"],
      resolve: (_p, a, ctx) => {
        const row = ctx.store.one("SELECT * FROM discount_codes WHERE code = ? COLLATE NOCASE", a.code);
        return row ? discountNodeView(row, ctx.store) : null;
      },
    },
    codeDiscountNode: {
      args: ["id"],
      resolve: (_p, a, ctx) => {
        const id = idOf(a.id, "DiscountCodeNode");
        const row = id == null ? undefined : ctx.store.one("SELECT * FROM discount_codes WHERE id = ?", id);
        return row ? discountNodeView(row, ctx.store) : null;
      },
    },
    discountCodesCount: { args: ["query"], resolve: (_p, a, ctx) => countOf(ctx.store, discountSpec, a.query) },
  },
  DiscountCodeBasic: {
    codes: {
      args: [...CONNECTION_ARGS],
      resolve: (d, a, ctx) =>
        listConnection(
          ctx,
          [d._row],
          (r) => Number(r.id),
          a,
          (r) => ({
            __typename: "DiscountRedeemCode",
            id: gid("DiscountRedeemCode", r.id),
            code: r.code,
            asyncUsageCount: Number(r.times_used),
            createdBy: null,
          }),
        ),
    },
  },
  Mutation: {
    discountCodeBasicCreate: {
      args: ["basicCodeDiscount"],
      resolve: (_p, a, ctx) => {
        const input = a.basicCodeDiscount;
        const userErrors = validateBasicInput(ctx.store, input, true);
        if (userErrors.length) return { codeDiscountNode: null, userErrors };
        const now = ctx.store.now();
        const id = ctx.store.nextId("discount_codes");
        const v = input.customerGets.value;
        ctx.store.run(
          "INSERT INTO discount_codes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
          id,
          input.code.trim(),
          input.title,
          v.percentage ?? null,
          v.discountAmount ? decimalToCents(v.discountAmount.amount) : null,
          input.startsAt ? isoSeconds(input.startsAt) : now,
          input.endsAt ? isoSeconds(input.endsAt) : null,
          input.usageLimit ?? null,
          input.appliesOncePerCustomer ? 1 : 0,
          now,
          now,
        );
        return {
          codeDiscountNode: discountNodeView(
            ctx.store.one("SELECT * FROM discount_codes WHERE id = ?", id)!,
            ctx.store,
          ),
          userErrors,
        };
      },
    },
    discountCodeDeactivate: {
      args: ["id"],
      resolve: (_p, a, ctx) => {
        const id = idOf(a.id, "DiscountCodeNode");
        const row = id == null ? undefined : ctx.store.one("SELECT * FROM discount_codes WHERE id = ?", id);
        if (!row)
          return {
            codeDiscountNode: null,
            userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }],
          };
        const now = ctx.store.now();
        // Shopify deactivates by ending the discount now (status becomes EXPIRED).
        if (row.ends_at == null || row.ends_at > now) {
          ctx.store.run(
            "UPDATE discount_codes SET ends_at = ?, starts_at = MIN(starts_at, ?), updated_at = ? WHERE id = ?",
            now,
            now,
            now,
            id,
          );
        }
        return {
          codeDiscountNode: discountNodeView(
            ctx.store.one("SELECT * FROM discount_codes WHERE id = ?", id)!,
            ctx.store,
          ),
          userErrors: [],
        };
      },
    },
    discountCodeDelete: {
      args: ["id"],
      resolve: (_p, a, ctx) => {
        const id = idOf(a.id, "DiscountCodeNode");
        const res = id == null ? { changes: 0 } : ctx.store.run("DELETE FROM discount_codes WHERE id = ?", id);
        if (Number(res.changes) === 0)
          return {
            deletedCodeDiscountId: null,
            userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }],
          };
        return { deletedCodeDiscountId: a.id, userErrors: [] };
      },
    },
  },
};
