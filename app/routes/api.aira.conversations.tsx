// GET /api/aira/conversations — this shop's conversations, newest first.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listConversations } from "../../agents/aira/conversations";
import { requireAdmin } from "../auth.server";
import db from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  return Response.json({ conversations: await listConversations(db, admin.shop) });
};
