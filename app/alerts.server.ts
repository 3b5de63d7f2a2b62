// The merchant's decisions on alerts from the Security page and the Dashboard (both post here
// through their route's action): acknowledge, resolve with a note, snooze 1 day / 1 week / until a
// date, reopen. Goes through the decide_alert tool, so the page, AIRA and MCP share one path, one
// validation and one audit trail.
import type { ActionFunctionArgs } from "@remix-run/node";
import { decideAlert, toolRegistry } from "../agents/tools";
import { requireAdmin } from "./auth.server";

export type AlertDecisionResult =
  { ok: true; decision: string; changed: number } | { ok: false; message: string; hint: string | null };

const DECISIONS = ["acknowledge", "resolve", "snooze", "reopen"] as const;
type Decision = (typeof DECISIONS)[number];

export async function alertDecisionAction({ request }: ActionFunctionArgs): Promise<AlertDecisionResult> {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const ids = form.getAll("alertId").map(String).filter(Boolean);
  const decision = String(form.get("decision") ?? "");
  if (!(DECISIONS as readonly string[]).includes(decision))
    return { ok: false, message: "Choose acknowledge, resolve, snooze or reopen.", hint: null };
  if (ids.length === 0) return { ok: false, message: "Select at least one alert.", hint: null };
  const snooze = String(form.get("snooze") ?? "");
  const until = String(form.get("until") ?? "");
  const result = await toolRegistry.run(await admin.toolContext(), decideAlert, {
    alertIds: ids.slice(0, 100),
    decision: decision as Decision,
    ...(decision === "resolve" ? { note: String(form.get("note") ?? "") } : {}),
    ...(decision === "snooze"
      ? snooze === "date"
        ? { snoozeUntil: until }
        : { snoozeDays: snooze === "week" ? 7 : 1 }
      : {}),
  });
  return result.ok
    ? { ok: true, decision, changed: result.data.changed }
    : { ok: false, message: result.message, hint: result.hint ?? null };
}
