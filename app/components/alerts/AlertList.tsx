// The alert list of the Security page and the Dashboard: each alert with what it is about (a link
// to the product, order or page), its state, and the merchant's decisions: acknowledge, snooze
// (1 day, 1 week, until a date) and resolve with a note. The Security page also selects several
// alerts at once for the same decision. Decisions post to the page's own action (alerts.server.ts).
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, Checkbox, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { AlertDecisionResult } from "../../alerts.server";
import { when } from "../../format";
import { useToast } from "../AppFeedback";
import { EmptyHint } from "../ModulePage";

/** What a page sends for each alert (AlertView, as the loader serialises it). */
export interface AlertRow {
  id: string;
  severity: string;
  title: string;
  status: "open" | "snoozed" | "resolved";
  createdAt: string;
  acknowledgedAt: string | null;
  snoozedUntil: string | null;
  resolvedAt: string | null;
  resolutionKind: "manual" | "automatic" | null;
  resolution: string | null;
  link: { label: string; url: string; external: boolean } | null;
  worklist?: { label: string; url: string; external: boolean } | null;
}

const severityTone = (severity: string) =>
  severity === "critical" ? "critical" : severity === "warning" ? "warning" : "info";
const SEVERITY_LABEL: Record<string, string> = { critical: "Critical", warning: "Warning", info: "Info" };

type Mode = null | "snooze" | "resolve";

/** Acknowledge / Snooze / Resolve for one alert or a selection; one request per decision. */
export function AlertDecisions({
  ids,
  label,
  acknowledge = true,
  onDone,
}: {
  ids: string[];
  /** Who the buttons act on, for screen readers: an alert's title or "3 selected alerts". */
  label: string;
  acknowledge?: boolean;
  onDone?: () => void;
}) {
  const fetcher = useFetcher<AlertDecisionResult>();
  const toast = useToast();
  const [mode, setMode] = useState<Mode>(null);
  const [note, setNote] = useState("");
  const [until, setUntil] = useState("");
  const busy = fetcher.state !== "idle";
  useEffect(() => {
    const data = fetcher.data;
    if (!data || fetcher.state !== "idle") return;
    if (!data.ok) {
      toast(data.message, { error: true });
      return;
    }
    setMode(null);
    setNote("");
    setUntil("");
    toast(DONE[data.decision] ?? "Done");
    onDone?.();
  }, [fetcher.data, fetcher.state]);
  const submit = (decision: string, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const id of ids) form.append("alertId", id);
    form.set("decision", decision);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    fetcher.submit(form, { method: "post" });
  };
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        {acknowledge ? (
          <Button
            size="slim"
            disabled={busy || ids.length === 0}
            onClick={() => submit("acknowledge")}
            accessibilityLabel={`Acknowledge ${label}`}
          >
            Acknowledge
          </Button>
        ) : null}
        <Button
          size="slim"
          disabled={busy || ids.length === 0}
          pressed={mode === "snooze"}
          onClick={() => setMode(mode === "snooze" ? null : "snooze")}
          accessibilityLabel={`Snooze ${label}`}
        >
          Snooze
        </Button>
        <Button
          size="slim"
          disabled={busy || ids.length === 0}
          pressed={mode === "resolve"}
          onClick={() => setMode(mode === "resolve" ? null : "resolve")}
          accessibilityLabel={`Resolve ${label}`}
        >
          Resolve
        </Button>
      </InlineStack>
      {mode === "snooze" ? (
        <InlineStack gap="200" blockAlign="end">
          <Button size="slim" loading={busy} onClick={() => submit("snooze", { snooze: "day" })}>
            For 1 day
          </Button>
          <Button size="slim" loading={busy} onClick={() => submit("snooze", { snooze: "week" })}>
            For 1 week
          </Button>
          <div style={{ width: 170 }}>
            <TextField
              label="Until"
              labelHidden
              type="date"
              value={until}
              onChange={setUntil}
              autoComplete="off"
              placeholder="Until a date"
            />
          </div>
          <Button
            size="slim"
            loading={busy}
            disabled={!until}
            onClick={() => submit("snooze", { snooze: "date", until })}
          >
            Snooze until this date
          </Button>
        </InlineStack>
      ) : null}
      {mode === "resolve" ? (
        <InlineStack gap="200" blockAlign="end" wrap={false}>
          <div style={{ flex: 1, minWidth: 240 }}>
            <TextField
              label="What was done"
              value={note}
              onChange={setNote}
              autoComplete="off"
              maxLength={1000}
              placeholder="e.g. Reordered 50 units from the supplier"
              helpText="Required: kept with the alert and in the audit log."
            />
          </div>
          <Button
            size="slim"
            variant="primary"
            loading={busy}
            disabled={!note.trim()}
            onClick={() => submit("resolve", { note })}
          >
            Mark resolved
          </Button>
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}

const DONE: Record<string, string> = {
  acknowledge: "Alert acknowledged",
  snooze: "Alert snoozed",
  resolve: "Alert resolved",
  reopen: "Alert reopened",
};

export function AlertLinkButton({ link }: { link: AlertRow["link"] }) {
  if (!link) return null;
  return (
    <Button variant="plain" url={link.url} target={link.external ? "_top" : undefined}>
      {link.label}
    </Button>
  );
}

function ReopenButton({ alert }: { alert: AlertRow }) {
  const fetcher = useFetcher<AlertDecisionResult>();
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="alertId" value={alert.id} />
      <input type="hidden" name="decision" value="reopen" />
      <Button
        submit
        size="slim"
        variant="plain"
        loading={fetcher.state !== "idle"}
        accessibilityLabel={`Reopen ${alert.title}`}
      >
        Reopen
      </Button>
    </fetcher.Form>
  );
}

function AlertItem({
  alert,
  selected,
  onSelect,
  explainUrl,
}: {
  alert: AlertRow;
  selected?: boolean;
  onSelect?: (checked: boolean) => void;
  explainUrl?: string;
}) {
  const state =
    alert.status === "resolved"
      ? alert.resolutionKind === "automatic"
        ? (alert.resolution ?? "Resolved automatically")
        : `Resolved ${when(alert.resolvedAt)}${alert.resolution ? `: ${alert.resolution}` : ""}`
      : alert.status === "snoozed"
        ? `Snoozed until ${when(alert.snoozedUntil)}`
        : alert.acknowledgedAt
          ? `Acknowledged ${when(alert.acknowledgedAt)}`
          : null;
  return (
    <div data-testid="alert-item" data-alert-id={alert.id} data-status={alert.status}>
      <Box paddingBlock="300" borderBlockEndWidth="025" borderColor="border-secondary">
        <BlockStack gap="200">
          <InlineStack gap="300" blockAlign="center" wrap={false}>
            {onSelect ? (
              <Checkbox label={`Select ${alert.title}`} labelHidden checked={selected} onChange={onSelect} />
            ) : null}
            <Badge tone={severityTone(alert.severity)}>{SEVERITY_LABEL[alert.severity] ?? alert.severity}</Badge>
            <Text as="span" fontWeight="semibold">
              {alert.title}
            </Text>
          </InlineStack>
          <InlineStack gap="300" blockAlign="center">
            <Text as="span" tone="subdued">
              Raised {when(alert.createdAt)}
            </Text>
            {state ? (
              <span data-testid="alert-state">
                <Text as="span" tone={alert.status === "resolved" ? "success" : "subdued"}>
                  {state}
                </Text>
              </span>
            ) : null}
            <AlertLinkButton link={alert.link} />
            <AlertLinkButton link={alert.worklist ?? null} />
            {explainUrl ? (
              <Button variant="plain" url={explainUrl} accessibilityLabel={`Explain ${alert.title}`}>
                Explain
              </Button>
            ) : null}
            {alert.status === "resolved" ? <ReopenButton alert={alert} /> : null}
          </InlineStack>
          {alert.status !== "resolved" ? (
            <AlertDecisions ids={[alert.id]} label={alert.title} acknowledge={!alert.acknowledgedAt} />
          ) : null}
        </BlockStack>
      </Box>
    </div>
  );
}

/** A titled list of alerts; `selectable` adds checkboxes and one set of decisions for the selection. */
export function AlertList({
  title,
  alerts,
  empty,
  testId,
  selectable = false,
  explain,
  footer,
}: {
  title: string;
  alerts: AlertRow[];
  empty: { heading: string; body: string };
  testId: string;
  selectable?: boolean;
  /** The URL explaining an alert (the Security page's ?alert=<id>). */
  explain?: (alert: AlertRow) => string;
  footer?: string;
}) {
  const [selected, setSelected] = useState<string[]>([]);
  // Alerts that left the list (snoozed, resolved) leave the selection too.
  const visible = selected.filter((id) => alerts.some((a) => a.id === id));
  const all = alerts.length > 0 && visible.length === alerts.length;
  return (
    <Card>
      <div data-testid={testId}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {alerts.length === 0 ? (
            <EmptyHint {...empty} />
          ) : (
            <BlockStack gap="0">
              {selectable ? (
                <div data-testid={`${testId}-bulk`}>
                  <BlockStack gap="200">
                    <Checkbox
                      label={visible.length ? `${visible.length} selected` : "Select all"}
                      checked={all ? true : visible.length ? "indeterminate" : false}
                      onChange={(checked) => setSelected(checked ? alerts.map((a) => a.id) : [])}
                    />
                    {visible.length ? (
                      <AlertDecisions
                        ids={visible}
                        label={`${visible.length} selected alert${visible.length === 1 ? "" : "s"}`}
                        onDone={() => setSelected([])}
                      />
                    ) : null}
                  </BlockStack>
                </div>
              ) : null}
              {alerts.map((alert) => (
                <AlertItem
                  key={alert.id}
                  alert={alert}
                  explainUrl={explain?.(alert)}
                  selected={visible.includes(alert.id)}
                  onSelect={
                    selectable
                      ? (checked) =>
                          setSelected((current) =>
                            checked ? [...current, alert.id] : current.filter((id) => id !== alert.id),
                          )
                      : undefined
                  }
                />
              ))}
              {footer ? (
                <Box paddingBlockStart="200">
                  <Text as="p" tone="subdued">
                    {footer}
                  </Text>
                </Box>
              ) : null}
            </BlockStack>
          )}
        </BlockStack>
      </div>
    </Card>
  );
}
