// AIRA on every page: a launcher button that opens the chat in a modal. The conversation is the
// same one as on the AIRA page and keeps going (and streaming) while the merchant navigates.
import { useChat } from "@ai-sdk/react";
import { useFetcher, useLocation } from "@remix-run/react";
import { Button, Modal } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { AiraChat, airaSuggestions } from "./AiraChat";
import { sameContext, suggestedQuestion, type AiraContext } from "./context";
import { airaSession, useAiraSession } from "./session";

export const AIRA_PAGE = "/app/aira";

interface AiraPageData {
  pending?: unknown[];
  topProduct?: string | null;
}

export function AiraPanel({ initialContext }: { initialContext?: AiraContext }) {
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const session = useAiraSession();
  const page = useFetcher<AiraPageData>();
  const launcher = useRef<HTMLDivElement>(null);

  const { status } = useChat({ chat: session.chat });

  // The suggestions (best seller) and the number of changes waiting, from the AIRA page's loader:
  // once on mount and again each time the panel opens. (page.load is left out of the dependencies:
  // it is not stable across renders and would reload in a loop.)
  useEffect(() => {
    if (location.pathname !== AIRA_PAGE) page.load(AIRA_PAGE);
  }, [open]);

  // A context handed in (e.g. from a product page) starts a conversation about it.
  const contextKey = initialContext ? `${initialContext.type}:${initialContext.id}` : null;
  useEffect(() => {
    if (!initialContext || sameContext(initialContext, airaSession.get().context)) return;
    airaSession.start(initialContext, suggestedQuestion(initialContext));
  }, [contextKey]); // keyed on the context's identity, not the object

  // The AIRA page shows the chat itself.
  if (location.pathname === AIRA_PAGE) return null;

  const waiting = page.data?.pending?.length ?? 0;
  const label = waiting > 0 ? `Ask AIRA · ${waiting} waiting` : "Ask AIRA";
  return (
    <>
      <div ref={launcher} style={{ position: "fixed", right: 24, bottom: 24, zIndex: 510 }} data-testid="aira-launcher">
        <Button
          variant="primary"
          size="large"
          onClick={() => setOpen(true)}
          accessibilityLabel={`Open AIRA, the store assistant${waiting > 0 ? ` (${waiting} changes waiting for approval)` : ""}`}
        >
          {status === "streaming" || status === "submitted" ? `${label} …` : label}
        </Button>
      </div>
      <Modal
        open={open}
        onClose={() => setOpen(false)}
        title="AIRA"
        size="large"
        activator={launcher}
        secondaryActions={[{ content: "Open the AIRA page", url: AIRA_PAGE, onAction: () => setOpen(false) }]}
      >
        <Modal.Section>
          {/* Escape closes the dialog from anywhere inside it. Polaris listens on the document for
              the key's release; once in a browser-test run three presses did not close it, so the
              key press inside the dialog closes it too (whichever comes first). */}
          <div
            data-testid="aira-panel"
            role="presentation"
            onKeyDown={(event) => {
              if (event.key === "Escape" && !event.defaultPrevented) setOpen(false);
            }}
          >
            <AiraChat variant="panel" suggestions={airaSuggestions(page.data?.topProduct)} />
          </div>
        </Modal.Section>
      </Modal>
    </>
  );
}
