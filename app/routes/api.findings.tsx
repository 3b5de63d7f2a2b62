// POST /api/findings: the merchant's decision on worklist items (form fields: ids, decision =
// approve | dismiss | snooze | reopen, reason for a dismissal, snooze = day | week). Approving
// proposes the store change through the approval path; every decision is audited.
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../auth.server";
import { decideFromForm } from "../findings.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const admin = await requireAdmin(request);
  if (request.method !== "POST") return Response.json({ ok: false, error: "Use POST." }, { status: 405 });
  const result = await decideFromForm(admin, await request.formData());
  return Response.json(result, { status: result.ok ? 200 : 400 });
};
