// A store change AIRA proposed: the exact change lines, Approve / Deny, and after approval the
// outcome with a Revert button (the same revert as the approval queue on the AIRA page).
import { Badge, BlockStack, Button, InlineStack, List, Text, TextField } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { ApprovalRequest, ProposalOutcome } from "./approval";
import { airaSession } from "./session";

function ChangeLines({ changes, struck = false }: { changes: string[]; struck?: boolean }) {
  if (changes.length === 0) return null;
  return (
    <div data-testid="aira-change-lines">
      <List gap="extraTight">
        {changes.map((line, i) => (
          <List.Item key={i}>{struck ? <s>{line}</s> : line}</List.Item>
        ))}
      </List>
    </div>
  );
}

export function ApprovalRequestCard({
  request,
  onDecide,
}: {
  request: ApprovalRequest;
  onDecide: (approved: boolean, reason?: string) => void;
}) {
  const [decided, setDecided] = useState<boolean | null>(null);
  // Deny asks why first: the reason is recorded with the decision.
  const [denying, setDenying] = useState(false);
  const [reason, setReason] = useState("");
  const decide = (approved: boolean, why?: string) => {
    setDecided(approved);
    onDecide(approved, why);
  };
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Badge tone="attention">Waiting for your approval</Badge>
      </InlineStack>
      <Text as="p" fontWeight="semibold">
        {request.summary}
      </Text>
      <ChangeLines changes={request.changes} />
      {request.count ? (
        <Text as="p" tone="subdued">
          {request.count} · nothing changes until you approve
        </Text>
      ) : null}
      <InlineStack gap="200">
        <span data-testid="aira-approve">
          <Button
            variant="primary"
            onClick={() => decide(true)}
            loading={decided === true}
            disabled={decided !== null}
            accessibilityLabel={`Approve: ${request.summary}`}
          >
            Approve
          </Button>
        </span>
        <span data-testid="aira-deny">
          <Button
            onClick={() => setDenying(true)}
            loading={decided === false}
            disabled={decided !== null || denying}
            accessibilityLabel={`Deny: ${request.summary}`}
          >
            Deny
          </Button>
        </span>
      </InlineStack>
      {denying && decided === null ? (
        <div data-testid="aira-deny-reason">
          <BlockStack gap="200">
            <TextField
              label="Why do you deny it?"
              value={reason}
              onChange={setReason}
              autoComplete="off"
              maxLength={500}
              helpText="Kept with the decision."
            />
            <InlineStack gap="200">
              <span data-testid="aira-deny-confirm">
                <Button
                  tone="critical"
                  variant="primary"
                  disabled={!reason.trim()}
                  onClick={() => decide(false, reason.trim())}
                >
                  Deny change
                </Button>
              </span>
              <Button onClick={() => setDenying(false)}>Cancel</Button>
            </InlineStack>
          </BlockStack>
        </div>
      ) : null}
    </BlockStack>
  );
}

export function DeniedCard({ request }: { request: ApprovalRequest }) {
  return (
    <BlockStack gap="200">
      <InlineStack>
        <span data-testid="aira-denied">
          <Badge tone="critical">Denied — nothing changed</Badge>
        </span>
      </InlineStack>
      <Text as="p" tone="subdued">
        {request.summary}
      </Text>
      <ChangeLines changes={request.changes} struck />
    </BlockStack>
  );
}

type RevertResult = { done?: string; error?: string; conversationId?: string };

export function ProposalOutcomeCard({
  outcome,
  fallbackChanges,
}: {
  outcome: ProposalOutcome;
  fallbackChanges: string[];
}) {
  const fetcher = useFetcher<RevertResult>();
  const changes = outcome.changes.length > 0 ? outcome.changes : fallbackChanges;
  const reverted = fetcher.data?.done != null;
  // Revert asks to confirm first.
  const [confirming, setConfirming] = useState(false);
  const revert = () =>
    fetcher.submit({ intent: "revert", actionId: outcome.actionId }, { method: "post", action: "/app/aira" });
  // After a revert the conversation holds AIRA's note saying so: show it.
  const noted = fetcher.data?.conversationId;
  useEffect(() => {
    if (noted && airaSession.get().chat.id === noted) void airaSession.open(noted);
  }, [noted]);
  const status = reverted ? "reverted" : outcome.status;
  const badge =
    status === "applied" ? (
      <Badge tone="success">Applied</Badge>
    ) : status === "reverted" ? (
      <Badge tone="info">Reverted</Badge>
    ) : status === "pending" ? (
      <Badge tone="attention">Waiting for approval on the AIRA page</Badge>
    ) : status === "denied" ? (
      <Badge tone="critical">Denied — nothing changed</Badge>
    ) : status === "approved" || status === "reverting" ? (
      <Badge tone="attention">Checking with your store whether it went through</Badge>
    ) : status === "unconfirmed" ? (
      <Badge tone="warning">Could not confirm — check it in Shopify</Badge>
    ) : (
      <Badge tone="critical">{`Not applied (${status})`}</Badge>
    );
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <span data-testid="aira-outcome" data-status={status}>
          {badge}
        </span>
      </InlineStack>
      {outcome.summary ? (
        <Text as="p" fontWeight="semibold">
          {outcome.summary}
        </Text>
      ) : null}
      <ChangeLines changes={changes} struck={status === "reverted"} />
      {outcome.note ? (
        <Text as="p" tone="subdued">
          {outcome.note}
        </Text>
      ) : null}
      {outcome.status === "applied" && !reverted && confirming ? (
        <div data-testid="aira-revert-confirm">
          <BlockStack gap="200">
            <Text as="p">Revert this change? The store goes back to how it was before it was applied.</Text>
            <InlineStack gap="200">
              <span data-testid="aira-revert-yes">
                <Button tone="critical" variant="primary" onClick={revert} loading={fetcher.state !== "idle"}>
                  Revert change
                </Button>
              </span>
              <Button onClick={() => setConfirming(false)} disabled={fetcher.state !== "idle"}>
                Keep it
              </Button>
            </InlineStack>
          </BlockStack>
        </div>
      ) : null}
      {outcome.status === "applied" && !reverted && !confirming ? (
        <InlineStack gap="200" blockAlign="center">
          <span data-testid="aira-revert">
            <Button onClick={() => setConfirming(true)} accessibilityLabel={`Revert: ${outcome.summary}`}>
              Revert
            </Button>
          </span>
          {fetcher.data?.error ? (
            <Text as="span" tone="critical">
              {fetcher.data.error}
            </Text>
          ) : null}
        </InlineStack>
      ) : null}
      {reverted ? (
        <Text as="p" tone="subdued">
          {fetcher.data?.done}
        </Text>
      ) : null}
    </BlockStack>
  );
}
