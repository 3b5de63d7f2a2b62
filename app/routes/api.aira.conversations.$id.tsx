// GET /api/aira/conversations/:id — one conversation with its messages (UI messages);
// DELETE removes it.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { deleteConversation, loadConversation } from "../../agents/aira/conversations";
import { requireAdmin } from "../auth.server";
import db from "../db.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  const conversation = await loadConversation(db, admin.shop, params.id ?? "");
  if (!conversation) return Response.json({ error: "No such conversation." }, { status: 404 });
  return Response.json(conversation);
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const admin = await requireAdmin(request);
  if (request.method !== "DELETE")
    return Response.json({ error: "Use DELETE." }, { status: 405, headers: { Allow: "DELETE" } });
  const deleted = await deleteConversation(db, admin.shop, params.id ?? "");
  return deleted
    ? new Response(null, { status: 204 })
    : Response.json({ error: "No such conversation." }, { status: 404 });
};
