// The audit log: every tool call and store change, with who, what and the outcome.
import { jsonValue } from "../db/json";
import { actorLabel, type ToolContext } from "./context";

export interface AuditEntry {
  action: string;
  input?: unknown;
  result?: unknown;
  outcome: "ok" | "error" | "denied";
  ms?: number;
  /** A read-only tool call: kept apart from changes, sign-ins and runs (the Security page hides reads by default). */
  read?: boolean;
}

export async function audit(ctx: Pick<ToolContext, "db" | "shop" | "actor">, entry: AuditEntry) {
  await ctx.db.auditLog.create({
    data: {
      shop: ctx.shop,
      actor: actorLabel(ctx.actor),
      action: entry.action,
      input: jsonValue(entry.input),
      result: jsonValue(entry.ms === undefined ? entry.result : { ms: entry.ms, value: entry.result }),
      outcome: entry.outcome,
      read: entry.read ?? false,
    },
  });
}
