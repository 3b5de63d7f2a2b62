// AIRA's chat: streaming answers with a card per tool call, approvals for store changes,
// suggested questions, the conversation history and a composer (Enter sends, Stop while AIRA is
// answering). The conversation lives in the shared session, not in this component.
import { useChat } from "@ai-sdk/react";
import { useRevalidator } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Collapsible,
  InlineStack,
  Spinner,
  Tag,
  Text,
  TextField,
} from "@shopify/polaris";
import { isToolUIPart } from "ai";
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { isProposalTool } from "./approval";
import { contextChipText, suggestedQuestion } from "./context";
import { ConversationHistory } from "./ConversationHistory";
import { MessageText } from "./MessageText";
import { airaSession, awaitingApproval, errorMessageFrom, useAiraSession, type AiraMessage } from "./session";
import { ToolCard } from "./ToolCard";

export const DEFAULT_SUGGESTIONS = [
  "How did sales do in the last 30 days?",
  "What is running low?",
  "Forecast demand for the next 14 days",
  "Lower the price of my best-selling product by 10%",
  "Create a 15% discount code WINBACK15 for 2 weeks",
  "Explain the latest alert",
];

/** The suggested questions, naming the shop's best seller when it is known. */
export function airaSuggestions(topProduct?: string | null): string[] {
  return topProduct
    ? DEFAULT_SUGGESTIONS.map((s) =>
        s.includes("my best-selling product") ? `Lower the price of ${topProduct} by 10%` : s,
      )
    : DEFAULT_SUGGESTIONS;
}

export interface AiraChatProps {
  suggestions?: string[];
  /** "page": fills the window on the AIRA page; "panel": fits the panel on other pages. */
  variant?: "page" | "panel";
}

const toolParts = (message: AiraMessage) => message.parts.filter(isToolUIPart);

/** The finished turn decided a store change: pages showing actions (the approval queue) reload. */
function touchedStore(messages: AiraMessage[]): boolean {
  const last = messages.at(-1);
  return (
    last?.role === "assistant" &&
    toolParts(last).some((p) => p.type.startsWith("tool-propose_") || ("toolName" in p && isProposalTool(p.toolName)))
  );
}

function errorDescription(error: Error): string {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 401 || status === 403) return "Your session has expired. Reload the page to sign in again.";
  const text = errorMessageFrom(error.message);
  if (!text || text.trimStart().startsWith("<"))
    return status ? `The app answered with HTTP ${status}.` : "The app could not be reached.";
  return text;
}

function MessageView({
  message,
  onDecide,
}: {
  message: AiraMessage;
  onDecide: (approvalId: string, approved: boolean, reason?: string) => void;
}) {
  if (message.role === "user") {
    const text = message.parts.map((p) => (p.type === "text" ? p.text : "")).join("\n");
    return (
      <div data-testid="aira-message" data-role="user">
        <InlineStack align="end">
          <Box background="bg-fill-brand" padding="300" borderRadius="300" maxWidth="85%">
            <Text as="p" tone="text-inverse" breakWord>
              <span style={{ whiteSpace: "pre-wrap" }}>{text}</span>
            </Text>
          </Box>
        </InlineStack>
      </div>
    );
  }
  const model = message.metadata?.model;
  return (
    <div data-testid="aira-message" data-role="assistant">
      <BlockStack gap="200">
        {message.parts.map((part, i) => {
          if (part.type === "text") return part.text.trim() ? <MessageText key={i} text={part.text} /> : null;
          if (isToolUIPart(part)) return <ToolCard key={part.toolCallId} part={part} onDecide={onDecide} />;
          return null;
        })}
        {model ? (
          <div data-testid="aira-model">
            <Text as="p" variant="bodySm" tone="subdued">
              Answered by {model}
            </Text>
          </div>
        ) : null}
      </BlockStack>
    </div>
  );
}

export function AiraChat({ suggestions = DEFAULT_SUGGESTIONS, variant = "page" }: AiraChatProps) {
  const session = useAiraSession();
  const { messages, status, error, stop, addToolApprovalResponse } = useChat({ chat: session.chat });
  const [showHistory, setShowHistory] = useState(false);
  const revalidator = useRevalidator();
  const historyId = useId();
  const busy = status === "submitted" || status === "streaming";
  const waiting = awaitingApproval(messages);

  // After a reload, reopen the conversation this tab had open (on the AIRA page: else the latest one).
  useEffect(() => {
    void airaSession.restore({ latest: variant === "page" });
  }, [variant]);

  // When a turn that approved or denied a change finishes, the page's data (approval queue) reloads.
  const wasBusy = useRef(false);
  useEffect(() => {
    if (busy) wasBusy.current = true;
    else if (wasBusy.current) {
      wasBusy.current = false;
      if (touchedStore(session.chat.messages)) revalidator.revalidate();
    }
  }, [busy, session.chat, revalidator]);

  // Follow the answer as it streams, unless the merchant scrolled up to read.
  const list = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useEffect(() => {
    const el = list.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages, status]);
  const onScroll = () => {
    const el = list.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };

  const send = useCallback((text: string) => {
    atBottom.current = true;
    void airaSession.send(text);
  }, []);
  const decide = useCallback(
    (id: string, approved: boolean, reason?: string) =>
      void addToolApprovalResponse({ id, approved, ...(reason ? { reason } : {}) }),
    [addToolApprovalResponse],
  );
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (!busy) send(session.draft);
  };

  const prompts = session.context ? [suggestedQuestion(session.context), ...suggestions] : suggestions;
  const height = variant === "page" ? "max(420px, calc(100vh - 330px))" : "min(60vh, 640px)";

  return (
    <BlockStack gap="300">
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <InlineStack gap="200" blockAlign="center">
          {variant === "page" ? (
            <Text as="h2" variant="headingMd">
              Ask AIRA
            </Text>
          ) : null}
          {session.context ? (
            <div data-testid="aira-context">
              <Tag
                onRemove={() => airaSession.setContext(null)}
                accessibilityLabel={`Remove context ${contextChipText(session.context)}`}
              >
                {contextChipText(session.context)}
              </Tag>
            </div>
          ) : null}
        </InlineStack>
        <ButtonGroup>
          <Button
            onClick={() => setShowHistory((v) => !v)}
            pressed={showHistory}
            ariaExpanded={showHistory}
            ariaControls={historyId}
            disclosure={showHistory ? "up" : "down"}
          >
            History
          </Button>
          <span data-testid="aira-new">
            <Button onClick={() => airaSession.start()} disabled={messages.length === 0 && !session.context}>
              New conversation
            </Button>
          </span>
        </ButtonGroup>
      </InlineStack>

      <Collapsible id={historyId} open={showHistory}>
        {showHistory ? (
          <ConversationHistory
            activeId={session.chat.id}
            version={session.historyVersion}
            onOpened={() => setShowHistory(false)}
          />
        ) : null}
      </Collapsible>

      <div
        ref={list}
        onScroll={onScroll}
        style={{ height, overflowY: "auto", paddingRight: 4 }}
        role="log"
        aria-live="polite"
        aria-label="Conversation with AIRA"
        data-testid="aira-messages"
      >
        {messages.length === 0 ? (
          <BlockStack gap="300">
            <Text as="p" tone="subdued">
              Ask about your store&apos;s sales, stock, forecasts, prices, discounts, customers or alerts. AIRA answers
              from your own data, and any change it proposes waits for your approval.
            </Text>
            <div data-testid="aira-suggestions">
              <InlineStack gap="200">
                {prompts.map((prompt) => (
                  <Button key={prompt} size="slim" onClick={() => send(prompt)} disabled={busy}>
                    {prompt}
                  </Button>
                ))}
              </InlineStack>
            </div>
          </BlockStack>
        ) : (
          <BlockStack gap="400">
            {messages.map((message) => (
              <MessageView key={message.id} message={message} onDecide={decide} />
            ))}
            {status === "submitted" ? (
              <InlineStack gap="200" blockAlign="center">
                <Spinner size="small" accessibilityLabel="AIRA is thinking" />
                <Text as="span" tone="subdued">
                  AIRA is thinking…
                </Text>
              </InlineStack>
            ) : null}
          </BlockStack>
        )}
      </div>

      {error ? (
        <div data-testid="aira-error">
          <Banner
            tone="critical"
            title="AIRA could not answer"
            action={{ content: "Retry", onAction: () => void airaSession.retry() }}
            onDismiss={() => session.chat.clearError()}
          >
            <p>{errorDescription(error)}</p>
          </Banner>
        </div>
      ) : null}

      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <div style={{ flex: 1 }} onKeyDown={onKeyDown} data-testid="aira-input">
          <TextField
            label="Message AIRA"
            labelHidden
            multiline={2}
            maxHeight={160}
            autoComplete="off"
            value={session.draft}
            onChange={(value) => airaSession.setDraft(value)}
            placeholder={
              waiting
                ? "Approve or deny the change above, or ask something else: it keeps waiting for you"
                : "Ask AIRA… (Enter to send, Shift+Enter for a new line)"
            }
            maxLength={4000}
          />
        </div>
        {busy ? (
          <span data-testid="aira-stop">
            <Button onClick={() => stop()} accessibilityLabel="Stop AIRA's answer">
              Stop
            </Button>
          </span>
        ) : (
          <span data-testid="aira-send">
            <Button
              variant="primary"
              onClick={() => send(session.draft)}
              disabled={!session.draft.trim()}
              accessibilityLabel="Send message to AIRA"
            >
              Send
            </Button>
          </span>
        )}
      </InlineStack>
    </BlockStack>
  );
}
