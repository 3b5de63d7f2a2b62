// Toasts and confirmation modals that follow the app's mode: embedded in Shopify's admin they are
// App Bridge's (shopify.toast, ui-modal); in local mode, without App Bridge, Polaris draws them
// (its Toast needs the Frame the local layout renders around this provider).
import { Modal as BridgeModal, TitleBar } from "@shopify/app-bridge-react";
import { Modal, Text, Toast } from "@shopify/polaris";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

export interface ToastOptions {
  error?: boolean;
  /** ms; App Bridge and Polaris both default to 5 s. */
  duration?: number;
}

type ShowToast = (message: string, options?: ToastOptions) => void;

const ModeContext = createContext<{ embedded: boolean }>({ embedded: false });
const ToastContext = createContext<ShowToast>(() => {});

interface QueuedToast {
  id: number;
  message: string;
  error: boolean;
  duration?: number;
}

/** Toasts waiting beyond this are dropped, oldest first: a burst of news should not keep the corner busy for minutes. */
const MAX_WAITING = 3;
/** A toast shows this long (ms) unless it asks for longer. */
const DEFAULT_DURATION = 5_000;
/** While others wait, the one showing leaves this long (ms) after it appeared, so an action's own
 * confirmation ("1 dismissed") is never more than a few seconds behind the news before it. */
const QUEUED_DURATION = 2_000;
/** Polaris' toast exit animation (200 ms) and a little more. */
const EXIT_MS = 250;

export function AppFeedbackProvider({ embedded, children }: { embedded: boolean; children: ReactNode }) {
  // One toast at a time, the rest queued in order: Polaris stacks mounted toasts as a deck in which
  // each new one hides the one before ("New warning alert" behind "... finished"). App Bridge
  // queues its own toasts when embedded.
  const [queue, setQueue] = useState<QueuedToast[]>([]);
  const sequence = useRef(0);
  const show = useCallback<ShowToast>(
    (message, options = {}) => {
      if (embedded) {
        globalThis.shopify?.toast.show(message, { isError: options.error ?? false, duration: options.duration });
        return;
      }
      const id = ++sequence.current;
      setQueue((current) => {
        // The same news twice in a row (a page and the layout both announcing a run's end) shows once.
        if (current.some((t) => t.message === message)) return current;
        const [showing, ...waiting] = current;
        const next = { id, message, error: options.error ?? false, duration: options.duration };
        if (!showing) return [next];
        return [showing, ...waiting.slice(-(MAX_WAITING - 1)), next];
      });
    },
    [embedded],
  );
  // The next toast waits until the last one has left (Polaris animates an exit for 200 ms): the two are never on screen together.
  const [leaving, setLeaving] = useState(false);
  const dismiss = useCallback((id: number) => {
    setQueue((current) => current.filter((t) => t.id !== id));
    setLeaving(true);
  }, []);
  useEffect(() => {
    if (!leaving) return;
    const timer = setTimeout(() => setLeaving(false), EXIT_MS);
    return () => clearTimeout(timer);
  }, [leaving]);
  const mode = useMemo(() => ({ embedded }), [embedded]);
  const current = leaving ? undefined : queue[0];
  // The provider times each toast (not Polaris, whose timer starts at mount and ignores a shorter
  // duration later): once others wait, the one showing leaves QUEUED_DURATION after it appeared.
  const shownAt = useRef(0);
  const currentId = current?.id;
  useEffect(() => {
    if (currentId !== undefined) shownAt.current = Date.now();
  }, [currentId]);
  const waiting = queue.length > 1;
  useEffect(() => {
    if (!current) return;
    const lasts = waiting ? QUEUED_DURATION : (current.duration ?? DEFAULT_DURATION);
    const timer = setTimeout(() => dismiss(current.id), Math.max(0, shownAt.current + lasts - Date.now()));
    return () => clearTimeout(timer);
  }, [current, waiting, dismiss]);
  return (
    <ModeContext.Provider value={mode}>
      <ToastContext.Provider value={show}>
        {children}
        {embedded || !current ? null : (
          <Toast
            key={current.id}
            content={current.message}
            error={current.error}
            // Timed above; Polaris' own timer only as a backstop.
            duration={60_000}
            onDismiss={() => dismiss(current.id)}
          />
        )}
      </ToastContext.Provider>
    </ModeContext.Provider>
  );
}

/** Whether the page runs inside Shopify's admin (App Bridge present) or in local mode. */
export const useAppMode = () => useContext(ModeContext);

/** Shows a short confirmation of an action's outcome (error: true for a failure). */
export const useToast = () => useContext(ToastContext);

export interface ConfirmModalProps {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  destructive?: boolean;
  loading?: boolean;
  onConfirm(): void;
  onClose(): void;
}

/** Asks before an action that is hard to undo; the caller owns `open`. */
export function ConfirmModal({
  open,
  title,
  message,
  confirmLabel,
  destructive,
  loading,
  onConfirm,
  onClose,
}: ConfirmModalProps) {
  const { embedded } = useAppMode();
  if (embedded) {
    return (
      <BridgeModal open={open} onHide={onClose} variant="small">
        <p style={{ padding: "16px" }}>{message}</p>
        <TitleBar title={title}>
          <button variant="primary" tone={destructive ? "critical" : undefined} disabled={loading} onClick={onConfirm}>
            {confirmLabel}
          </button>
          <button onClick={onClose}>Cancel</button>
        </TitleBar>
      </BridgeModal>
    );
  }
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={title}
      primaryAction={{ content: confirmLabel, destructive, loading, onAction: onConfirm }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <Text as="p">{message}</Text>
      </Modal.Section>
    </Modal>
  );
}
