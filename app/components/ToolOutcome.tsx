// A tool's expected failure on a page (not enough data yet, not configured, bad input): what went
// wrong and what to do about it, never a crash. One look for every module page and AIRA's cards.
import { Banner, BlockStack, Text } from "@shopify/polaris";
import type { ToolOutput } from "../../agents/core/registry";
import type { ToolResult } from "../../agents/core/result";
import type { AnyTool } from "../../agents/core/tool";

/** What `toolRegistry.run(ctx, tool, input)` answers, as a loader passes it to the page. */
export type ToolOutcome<T extends AnyTool> = ToolResult<ToolOutput<T>>;

/** What a page shows of a failed tool call: a ToolFailure, or a page's own failure in the same words. */
export interface ToolProblem {
  code?: string | null;
  message: string;
  hint?: string | null;
}

/**
 * A failure as a Banner: "not enough data yet" is information, anything else a warning.
 * The message is the Banner's body under `title`, or (messageInTitle) its title after `title: `.
 */
export function ToolProblemBanner({
  problem,
  title,
  testId,
  messageInTitle = false,
}: {
  problem: ToolProblem;
  title?: string;
  testId?: string;
  messageInTitle?: boolean;
}) {
  const tone = problem.code === "insufficient_data" ? "info" : "warning";
  const banner = messageInTitle ? (
    <Banner tone={tone} title={title ? `${title}: ${problem.message}` : problem.message}>
      {problem.hint ? <p>{problem.hint}</p> : null}
    </Banner>
  ) : (
    <Banner tone={tone} title={title}>
      <BlockStack gap="100">
        <p>{problem.message}</p>
        {problem.hint ? <p>{problem.hint}</p> : null}
      </BlockStack>
    </Banner>
  );
  return testId ? <div data-testid={testId}>{banner}</div> : banner;
}

/** A failure inside a card that is already labelled (AIRA's tool cards): the message, then the hint. */
export function ToolProblemText({ problem }: { problem: ToolProblem }) {
  return (
    <div role="alert">
      <BlockStack gap="100">
        <Text as="p" tone="critical">
          {problem.message}
        </Text>
        {problem.hint ? (
          <Text as="p" tone="subdued">
            {problem.hint}
          </Text>
        ) : null}
      </BlockStack>
    </div>
  );
}
