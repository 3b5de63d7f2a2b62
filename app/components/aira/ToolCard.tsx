// One tool call in AIRA's answer: a spinner while it runs, then its result (tables, charts,
// figures), an approval card for a store change, or live progress for an agent run.
import { Badge, BlockStack, Box, InlineStack, Spinner, Text } from "@shopify/polaris";
import { getToolName, type DynamicToolUIPart, type ToolUIPart } from "ai";
import { ToolProblemText } from "../ToolOutcome";
import { AgentRunProgress } from "./AgentRunProgress";
import { ApprovalRequestCard, DeniedCard, ProposalOutcomeCard } from "./ApprovalCard";
import { approvalReasonOf, isProposalTool, parseApprovalReason, proposalOutcome } from "./approval";
import { ResultView } from "./ResultView";
import { toolOutcome, toolTitle } from "./tool-output";

export type AnyToolPart = ToolUIPart | DynamicToolUIPart;

function Running({ label }: { label: string }) {
  return (
    <InlineStack gap="200" blockAlign="center">
      <Spinner size="small" accessibilityLabel={label} />
      <Text as="span" tone="subdued">
        {label}
      </Text>
    </InlineStack>
  );
}

function Body({
  part,
  name,
  onDecide,
}: {
  part: AnyToolPart;
  name: string;
  onDecide: (approvalId: string, approved: boolean, reason?: string) => void;
}) {
  const proposal = isProposalTool(name);
  const request = parseApprovalReason(approvalReasonOf(part.approval));
  switch (part.state) {
    case "input-streaming":
    case "input-available":
      return <Running label={proposal ? "Preparing the change…" : "Running…"} />;
    case "approval-requested":
      if (part.approval.isAutomatic) return <Running label="Checking the change…" />;
      return (
        <ApprovalRequestCard
          request={request}
          onDecide={(approved, reason) => onDecide(part.approval.id, approved, reason)}
        />
      );
    case "approval-responded":
      return part.approval.approved ? <Running label="Approved — applying…" /> : <DeniedCard request={request} />;
    case "output-denied":
      return <DeniedCard request={request} />;
    case "output-error":
      return <ToolProblemText problem={{ message: part.errorText }} />;
    case "output-available": {
      const outcome = toolOutcome(part.output);
      if (outcome.kind === "failure") return <ToolProblemText problem={outcome} />;
      const decided = proposal ? proposalOutcome(outcome.data) : null;
      if (decided) return <ProposalOutcomeCard outcome={decided} fallbackChanges={request.changes} />;
      const run =
        name === "run_agent"
          ? (outcome.data as { runId?: unknown; agent?: unknown; deduplicated?: unknown } | null)
          : null;
      if (run && typeof run.runId === "string")
        return (
          <AgentRunProgress
            runId={run.runId}
            agent={String(run.agent ?? "agent")}
            deduplicated={run.deduplicated === true}
          />
        );
      return <ResultView data={outcome.data} />;
    }
  }
}

export function ToolCard({
  part,
  onDecide,
}: {
  part: AnyToolPart;
  onDecide: (approvalId: string, approved: boolean, reason?: string) => void;
}) {
  const name = getToolName(part);
  const failed =
    part.state === "output-error" || (part.state === "output-available" && toolOutcome(part.output).kind === "failure");
  return (
    <div data-testid={`aira-tool-${name}`} data-state={part.state}>
      <Box borderWidth="025" borderColor="border" borderRadius="200" padding="300" background="bg-surface">
        <BlockStack gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {part.title ?? toolTitle(name)}
            </Text>
            {failed ? <Badge tone="critical">Failed</Badge> : null}
          </InlineStack>
          <Body part={part} name={name} onDecide={onDecide} />
        </BlockStack>
      </Box>
    </div>
  );
}
