// The shop's earlier AIRA conversations: open one to continue it, or delete it.
import { Banner, BlockStack, Box, Button, InlineStack, Spinner, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { when } from "../../format";
import { airaSession, CONVERSATIONS_API, errorText } from "./session";

interface ConversationRow {
  id: string;
  title: string;
  updatedAt: string;
}

export function ConversationHistory({
  activeId,
  version,
  onOpened,
}: {
  activeId: string;
  version: number;
  onOpened?: () => void;
}) {
  const [conversations, setConversations] = useState<ConversationRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const response = await fetch(CONVERSATIONS_API, { headers: { Accept: "application/json" } });
        if (!response.ok) throw new Error((await errorText(response)) ?? `HTTP ${response.status}`);
        const body = (await response.json()) as { conversations: ConversationRow[] };
        if (live) {
          setConversations(body.conversations);
          setError(null);
        }
      } catch (e) {
        if (live) setError(`The conversations could not be loaded: ${(e as Error).message}`);
      }
    })();
    return () => {
      live = false;
    };
  }, [version]);

  const open = async (id: string) => {
    setBusy(id);
    const failure = await airaSession.open(id);
    setBusy(null);
    if (failure) setError(failure);
    else onOpened?.();
  };
  const remove = async (id: string) => {
    setBusy(id);
    const failure = await airaSession.remove(id);
    setBusy(null);
    setConfirming(null);
    if (failure) setError(failure);
    else setConversations((rows) => rows?.filter((r) => r.id !== id) ?? rows);
  };

  return (
    <div data-testid="aira-history">
      <BlockStack gap="200">
        {error ? (
          <Banner tone="critical" onDismiss={() => setError(null)}>
            {error}
          </Banner>
        ) : null}
        {conversations === null && !error ? <Spinner size="small" accessibilityLabel="Loading conversations" /> : null}
        {conversations?.length === 0 ? (
          <Text as="p" tone="subdued">
            No earlier conversations yet.
          </Text>
        ) : null}
        <Box maxWidth="100%">
          <BlockStack gap="100">
            {conversations?.map((c) => (
              <div key={c.id} data-testid="aira-conversation">
                <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                  <Button
                    variant="plain"
                    onClick={() => void open(c.id)}
                    loading={busy === c.id && confirming !== c.id}
                    disabled={c.id === activeId}
                    textAlign="left"
                    accessibilityLabel={`Open conversation: ${c.title}`}
                  >
                    {c.id === activeId ? `${c.title} (open)` : c.title}
                  </Button>
                  <InlineStack gap="200" blockAlign="center" wrap={false}>
                    <Text as="span" variant="bodySm" tone="subdued">
                      {when(c.updatedAt)}
                    </Text>
                    {confirming === c.id ? (
                      <>
                        <Button
                          size="slim"
                          tone="critical"
                          variant="primary"
                          onClick={() => void remove(c.id)}
                          loading={busy === c.id}
                          accessibilityLabel={`Confirm deleting ${c.title}`}
                        >
                          Delete
                        </Button>
                        <Button size="slim" onClick={() => setConfirming(null)}>
                          Keep
                        </Button>
                      </>
                    ) : (
                      <Button
                        size="slim"
                        variant="plain"
                        tone="critical"
                        onClick={() => setConfirming(c.id)}
                        accessibilityLabel={`Delete conversation: ${c.title}`}
                      >
                        Delete
                      </Button>
                    )}
                  </InlineStack>
                </InlineStack>
              </div>
            ))}
          </BlockStack>
        </Box>
      </BlockStack>
    </div>
  );
}
