// Customer Support: the shop's tickets worked from the page itself (open one, assign, reply with a
// draft, escalate, close), its figures, and the support desk's worklists. Every read and change
// goes through the support tools (agents/support/tools.ts), as AIRA and MCP clients use them.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Divider,
  FormLayout,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { readSettings } from "../../agents/settings";
import {
  createSupportTicket,
  draftSupportReply,
  getSupportMetrics,
  listSupportTickets,
  toolRegistry,
  updateSupportTicket,
} from "../../agents/tools";
import { requireAdmin } from "../auth.server";
import { useToast } from "../components/AppFeedback";
import { useReloadOnStoreChanges } from "../components/live/LiveEvents";
import { moduleErrorBoundary } from "../components/ModuleError";
import { EmptyHint, Metrics, ModulePage } from "../components/ModulePage";
import { agentEmpty } from "../components/worklist/agentEmpty";
import { Worklist } from "../components/worklist/Worklist";
import { shopCurrency } from "../currency.server";
import db from "../db.server";
import { agentStatus, loadWorklist } from "../findings.server";
import { count, when } from "../format";
import { MODULES } from "../modules";

/** The agent behind the worklists (agents/support/agent.ts; named here so the page's bundle stays light). */
const SUPPORT_AGENT = "support-desk";
const STATUSES = ["open", "pending", "solved", "closed"] as const;
type TicketStatus = (typeof STATUSES)[number];
const STATUS_LABEL: Record<TicketStatus, string> = {
  open: "Open",
  pending: "Waiting for the customer",
  solved: "Solved",
  closed: "Closed",
};
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
const isStatus = (value: string | null): value is TicketStatus => (STATUSES as readonly string[]).includes(value ?? "");

// Not read once per database version (ADR 0039): reply and resolution deadlines (overdue tickets,
// the last 30 days' metrics) move with the clock continuously.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  const { shop } = admin;
  const url = new URL(request.url);
  const requested = url.searchParams.get("status");
  // Default: the tickets still to work on; "all" lists every ticket.
  const status = requested === "all" ? null : isStatus(requested) ? requested : "open";
  const ctx = await admin.toolContext();
  const [tickets, metrics, overdue, drafts, agent, settings, currency] = await Promise.all([
    toolRegistry.run(ctx, listSupportTickets, { status: status ?? undefined, limit: 25 }),
    toolRegistry.run(ctx, getSupportMetrics, { days: 30 }),
    loadWorklist(shop, url, { key: "overdue", kinds: ["overdue_ticket"] }),
    loadWorklist(shop, url, { key: "drafts", kinds: ["reply_draft"] }),
    agentStatus(shop, SUPPORT_AGENT),
    readSettings(db, shop),
    shopCurrency(shop),
  ]);
  return {
    status,
    tickets,
    metrics,
    overdue,
    drafts,
    agent,
    currency,
    targets: { firstReply: settings.supportFirstResponseHours, resolution: settings.supportResolutionHours },
  };
};

type ActionResult = { ok: true; message: string; draft?: string; facts?: string[] } | { ok: false; message: string };

const text = (form: FormData, key: string) => {
  const value = form.get(key);
  return typeof value === "string" ? value.trim() : "";
};

/** Every change on this page is one support tool call, in the merchant's name (audited by the registry). */
export const action = async ({ request }: ActionFunctionArgs): Promise<ActionResult> => {
  const admin = await requireAdmin(request);
  const ctx = await admin.toolContext();
  const form = await request.formData();
  const intent = text(form, "intent");
  const ticketId = text(form, "ticketId");
  const failed = (result: { message: string; hint?: string | null }) => ({
    ok: false as const,
    message: result.hint ? `${result.message} ${result.hint}` : result.message,
  });
  if (intent === "create") {
    const result = await toolRegistry.run(ctx, createSupportTicket, {
      subject: text(form, "subject"),
      body: text(form, "body"),
      email: text(form, "email") || undefined,
      orderName: text(form, "orderName") || undefined,
      priority: (PRIORITIES as readonly string[]).includes(text(form, "priority"))
        ? (text(form, "priority") as (typeof PRIORITIES)[number])
        : "normal",
    });
    return result.ok ? { ok: true, message: `Ticket “${result.data.subject}” opened.` } : failed(result);
  }
  if (intent === "draft") {
    const result = await toolRegistry.run(ctx, draftSupportReply, { ticketId });
    return result.ok
      ? { ok: true, message: "Draft ready: edit it, send it from your email, then record it.", ...result.data }
      : failed(result);
  }
  const changes: Record<string, object> = {
    assign: { assignee: text(form, "assignee") || null },
    reply: { reply: text(form, "reply") },
    escalate: { escalate: true },
    deescalate: { escalate: false },
    close: { status: "closed" },
    solve: { status: "solved" },
    reopen: { status: "open" },
  };
  const messages: Record<string, string> = {
    assign: text(form, "assignee") ? `Assigned to ${text(form, "assignee")}.` : "Unassigned.",
    reply: "Reply recorded on the ticket.",
    escalate: "Escalated: the ticket is now urgent.",
    deescalate: "No longer escalated.",
    close: "Ticket closed.",
    solve: "Ticket solved.",
    reopen: "Ticket reopened.",
  };
  if (!(intent in changes)) return { ok: false, message: `Unknown action “${intent}”. Use the buttons on this page.` };
  const result = await toolRegistry.run(ctx, updateSupportTicket, { ticketId, ...changes[intent] });
  return result.ok ? { ok: true, message: messages[intent] } : failed(result);
};

export const ErrorBoundary = moduleErrorBoundary("/app/support");

const hours = (value: number | null) => (value === null ? "–" : `${value.toFixed(1)} h`);

export default function Support() {
  const { status, tickets, metrics, overdue, drafts, agent, currency, targets } = useLoaderData<typeof loader>();
  // Tickets opened or changed elsewhere (AIRA, another tab) and the support desk's findings appear without a reload.
  useReloadOnStoreChanges(["support"], { agents: [SUPPORT_AGENT] });
  const module = MODULES.find((m) => m.path === "/app/support")!;
  const open = metrics.ok ? (metrics.data.byStatus.open ?? 0) : null;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      {metrics.ok ? (
        <Metrics
          metrics={[
            { label: "Open tickets", value: count(open ?? 0) },
            { label: "Awaiting a first reply", value: count(metrics.data.awaitingFirstResponse) },
            { label: "Median first reply (30 days)", value: hours(metrics.data.medianFirstResponseHours) },
            { label: "Median time to solve (30 days)", value: hours(metrics.data.medianResolutionHours) },
          ]}
        />
      ) : (
        <Card>
          <Text as="p" tone="critical">
            The ticket figures could not be worked out: {metrics.message}
          </Text>
        </Card>
      )}
      <NewTicket />
      <TicketList status={status} tickets={tickets} />
      <Worklist
        title="Overdue tickets"
        description={`Tickets without a first reply after ${targets.firstReply} hours, or open after ${targets.resolution} hours (your targets in Settings). Each also raises an alert, which clears once the ticket is answered or solved.`}
        list={overdue}
        currency={currency}
        empty={agentEmpty(agent, "No ticket is overdue")}
      />
      <Worklist
        title="Reply drafts"
        description="A draft for each ticket still waiting for its first reply, from its order's facts and your support policy. Nothing is sent: copy, edit and send it yourself."
        list={drafts}
        currency={currency}
        empty={agentEmpty(agent, "No ticket is waiting for a first reply")}
      />
    </ModulePage>
  );
}

/** Posts to this page's action and toasts the outcome; `onDone` runs after a success. */
function useTicketAction(onDone?: (data: ActionResult) => void, { toastSuccess = true } = {}) {
  const fetcher = useFetcher<ActionResult>();
  const toast = useToast();
  const [handled, setHandled] = useState<ActionResult | undefined>(undefined);
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data || fetcher.data === handled) return;
    setHandled(fetcher.data);
    if (!fetcher.data.ok || toastSuccess) toast(fetcher.data.message, { error: !fetcher.data.ok });
    if (fetcher.data.ok) onDone?.(fetcher.data);
  }, [fetcher.state, fetcher.data, handled, toast, onDone, toastSuccess]);
  const post = (fields: Record<string, string>) => fetcher.submit(fields, { method: "post" });
  return { post, busy: fetcher.state !== "idle", data: fetcher.data };
}

function NewTicket() {
  const [openForm, setOpenForm] = useState(false);
  const [fields, setFields] = useState({ subject: "", email: "", orderName: "", body: "", priority: "normal" });
  const { post, busy, data } = useTicketAction(() => {
    setOpenForm(false);
    setFields({ subject: "", email: "", orderName: "", body: "", priority: "normal" });
  });
  const set = (key: keyof typeof fields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            New ticket
          </Text>
          {openForm ? null : <Button onClick={() => setOpenForm(true)}>New ticket</Button>}
        </InlineStack>
        {openForm ? (
          <div data-testid="new-ticket">
            <FormLayout>
              <TextField label="Subject" value={fields.subject} onChange={set("subject")} autoComplete="off" />
              <FormLayout.Group>
                <TextField
                  label="Customer email"
                  type="email"
                  value={fields.email}
                  onChange={set("email")}
                  autoComplete="off"
                  helpText="Links the ticket to the customer"
                />
                <TextField
                  label="Order number"
                  value={fields.orderName}
                  onChange={set("orderName")}
                  autoComplete="off"
                  placeholder="#1042"
                  helpText="Optional: the reply draft then uses the order's facts"
                />
                <Select
                  label="Priority"
                  options={PRIORITIES.map((p) => ({ label: p[0].toUpperCase() + p.slice(1), value: p }))}
                  value={fields.priority}
                  onChange={set("priority")}
                />
              </FormLayout.Group>
              <TextField
                label="The customer's message"
                value={fields.body}
                onChange={set("body")}
                multiline={4}
                autoComplete="off"
              />
              {data && !data.ok ? (
                <Text as="p" tone="critical">
                  {data.message}
                </Text>
              ) : null}
              <ButtonGroup>
                <Button
                  variant="primary"
                  loading={busy}
                  disabled={fields.subject.trim().length < 3 || !fields.body.trim()}
                  onClick={() => post({ intent: "create", ...fields })}
                >
                  Open ticket
                </Button>
                <Button onClick={() => setOpenForm(false)}>Cancel</Button>
              </ButtonGroup>
            </FormLayout>
          </div>
        ) : (
          <Text as="p" tone="subdued">
            Open a ticket when a customer writes to you by email or phone. AIRA opens them too when you paste a
            customer&apos;s message into the chat.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

type Tickets = ReturnType<typeof useLoaderData<typeof loader>>["tickets"];
type Ticket = Extract<Tickets, { ok: true }>["data"]["tickets"][number];

/** A change to one ticket, posted by the list: a ticket whose status changes leaves the filtered list (and its row) as the answer arrives. */
interface TicketChanges {
  post(ticketId: string, intent: string, fields?: Record<string, string>): void;
  busy: boolean;
  /** The ticket and intent of the last change that succeeded. */
  done: { ticketId: string; intent: string; at: number } | null;
}

function TicketList({ status, tickets }: { status: TicketStatus | null; tickets: Tickets }) {
  const [params] = useSearchParams();
  const [pending, setPending] = useState<{ ticketId: string; intent: string } | null>(null);
  const [done, setDone] = useState<TicketChanges["done"]>(null);
  const change = useTicketAction(() => {
    if (pending) setDone({ ...pending, at: Date.now() });
  });
  const changes: TicketChanges = {
    post: (ticketId, intent, fields = {}) => {
      setPending({ ticketId, intent });
      change.post({ intent, ticketId, ...fields });
    },
    busy: change.busy,
    done,
  };
  const filterUrl = (value: string) => {
    const next = new URLSearchParams(params);
    if (value === "open") next.delete("status");
    else next.set("status", value);
    const query = next.toString();
    return query ? `?${query}` : "/app/support";
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Tickets
        </Text>
        <ButtonGroup variant="segmented">
          {[...STATUSES, "all" as const].map((s) => (
            <Button key={s} pressed={(status ?? "all") === s} url={filterUrl(s)}>
              {s === "all" ? "All" : STATUS_LABEL[s]}
            </Button>
          ))}
        </ButtonGroup>
        {!tickets.ok ? (
          <Text as="p" tone="critical">
            The tickets could not be listed: {tickets.message}
          </Text>
        ) : tickets.data.tickets.length === 0 ? (
          <EmptyHint
            heading={status ? `No ${STATUS_LABEL[status].toLowerCase()} tickets` : "No tickets yet"}
            body="Tickets arrive when you open one here with New ticket, when you ask AIRA to open one from a customer's message, or when a connected AI client (MCP) opens one. Each is linked to the customer's email and order, and the support desk drafts a first reply."
          />
        ) : (
          <div data-testid="tickets">
            <BlockStack gap="300">
              {tickets.data.tickets.map((ticket) => (
                <TicketRow key={ticket.id} ticket={ticket} changes={changes} />
              ))}
            </BlockStack>
          </div>
        )}
      </BlockStack>
    </Card>
  );
}

function TicketRow({ ticket, changes }: { ticket: Ticket; changes: TicketChanges }) {
  const [expanded, setExpanded] = useState(false);
  const [assignee, setAssignee] = useState(ticket.assignee ?? "");
  const [reply, setReply] = useState<string | null>(null);
  const [facts, setFacts] = useState<string[]>([]);
  // The draft lands in the reply field (no toast); a failure is toasted.
  const drafting = useTicketAction(
    (data) => {
      if (data.ok && data.draft !== undefined) {
        setReply(data.draft);
        setFacts(data.facts ?? []);
      }
    },
    { toastSuccess: false },
  );
  // A recorded reply closes the form; a refused one keeps the text.
  const replied = changes.done?.ticketId === ticket.id && changes.done.intent === "reply" ? changes.done.at : null;
  useEffect(() => {
    if (replied) setReply(null);
  }, [replied]);
  const post = (intent: string, fields: Record<string, string> = {}) => changes.post(ticket.id, intent, fields);
  const finished = ticket.status === "solved" || ticket.status === "closed";
  return (
    <div data-testid="ticket" data-status={ticket.status}>
      <Box borderColor="border" borderWidth="025" borderRadius="200" padding="300">
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Button variant="plain" onClick={() => setExpanded(!expanded)} ariaExpanded={expanded}>
                {ticket.subject}
              </Button>
              <Badge tone={finished ? undefined : ticket.status === "open" ? "attention" : "info"}>
                {STATUS_LABEL[ticket.status as TicketStatus] ?? ticket.status}
              </Badge>
              {ticket.escalated ? <Badge tone="critical">Escalated</Badge> : null}
              {ticket.priority !== "normal" ? <Badge>{`Priority: ${ticket.priority}`}</Badge> : null}
            </InlineStack>
            <Text as="span" tone="subdued">
              {[ticket.email, ticket.assignee ? `assigned to ${ticket.assignee}` : "unassigned", when(ticket.createdAt)]
                .filter(Boolean)
                .join(" · ")}
            </Text>
          </InlineStack>
          {expanded ? (
            <BlockStack gap="300">
              <Box background="bg-surface-secondary" padding="200" borderRadius="200">
                <Text as="p">{ticket.body}</Text>
              </Box>
              {ticket.replies.map((r, i) => (
                <Box key={i} paddingInlineStart="400">
                  <Text as="p" tone="subdued">
                    {`Reply recorded ${when(r.at)}`}
                  </Text>
                  <Text as="p">{r.body}</Text>
                </Box>
              ))}
              <Divider />
              <InlineStack gap="200" blockAlign="end">
                <div style={{ minWidth: "14rem" }}>
                  <TextField
                    label="Assigned to"
                    value={assignee}
                    onChange={setAssignee}
                    autoComplete="off"
                    placeholder="A name"
                  />
                </div>
                <Button onClick={() => post("assign", { assignee })} disabled={changes.busy}>
                  {assignee.trim() ? "Assign" : "Unassign"}
                </Button>
              </InlineStack>
              {reply === null ? null : (
                <div data-testid="reply-form">
                  <BlockStack gap="200">
                    {facts.length ? (
                      <Text as="p" tone="subdued">
                        {`Drafted from: ${facts.join(" ")}`}
                      </Text>
                    ) : null}
                    <TextField
                      label="Reply to the customer"
                      value={reply}
                      onChange={setReply}
                      multiline={6}
                      autoComplete="off"
                      helpText="Nothing is sent from here: send it from your email, then record it so the ticket shows it was answered."
                    />
                    <ButtonGroup>
                      <Button
                        variant="primary"
                        loading={changes.busy}
                        disabled={!reply.trim()}
                        onClick={() => post("reply", { reply })}
                      >
                        Record reply
                      </Button>
                      <Button onClick={() => setReply(null)}>Cancel</Button>
                    </ButtonGroup>
                  </BlockStack>
                </div>
              )}
              <ButtonGroup>
                <Button
                  loading={drafting.busy}
                  onClick={() => drafting.post({ intent: "draft", ticketId: ticket.id })}
                  disabled={reply !== null}
                >
                  Reply with a draft
                </Button>
                <Button onClick={() => setReply("")} disabled={reply !== null}>
                  Reply
                </Button>
                {ticket.escalated ? (
                  <Button onClick={() => post("deescalate")} disabled={changes.busy}>
                    Remove escalation
                  </Button>
                ) : (
                  <Button onClick={() => post("escalate")} disabled={changes.busy || finished}>
                    Escalate
                  </Button>
                )}
                {finished ? (
                  <Button onClick={() => post("reopen")} disabled={changes.busy}>
                    Reopen
                  </Button>
                ) : (
                  <>
                    <Button onClick={() => post("solve")} disabled={changes.busy}>
                      Mark solved
                    </Button>
                    <Button onClick={() => post("close")} disabled={changes.busy}>
                      Close
                    </Button>
                  </>
                )}
              </ButtonGroup>
            </BlockStack>
          ) : null}
        </BlockStack>
      </Box>
    </div>
  );
}
