// Toasts and confirmation modals that follow the app's mode: embedded in Shopify's admin they are
// App Bridge's (shopify.toast, ui-modal); in local mode, without App Bridge, Polaris draws them
// (its Toast needs the Frame the local layout renders around this provider).
import { Modal as BridgeModal, TitleBar } from "@shopify/app-bridge-react";
import { Modal, Text, Toast } from "@shopify/polaris";
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";

export interface ToastOptions {
  error?: boolean;
  /** ms; App Bridge and Polaris both default to 5 s. */
  duration?: number;
}

type ShowToast = (message: string, options?: ToastOptions) => void;

const ModeContext = createContext<{ embedded: boolean }>({ embedded: false });
const ToastContext = createContext<ShowToast>(() => {});

export function AppFeedbackProvider({ embedded, children }: { embedded: boolean; children: ReactNode }) {
  const [toasts, setToasts] = useState<{ id: number; message: string; error: boolean; duration?: number }[]>([]);
  const sequence = useRef(0);
  const show = useCallback<ShowToast>(
    (message, options = {}) => {
      if (embedded) {
        globalThis.shopify?.toast.show(message, { isError: options.error ?? false, duration: options.duration });
        return;
      }
      const id = ++sequence.current;
      // Polaris stacks every mounted toast; three at a time is plenty.
      setToasts((current) => [
        ...current.slice(-2),
        { id, message, error: options.error ?? false, duration: options.duration },
      ]);
    },
    [embedded],
  );
  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((t) => t.id !== id)), []);
  const mode = useMemo(() => ({ embedded }), [embedded]);
  return (
    <ModeContext.Provider value={mode}>
      <ToastContext.Provider value={show}>
        {children}
        {embedded
          ? null
          : toasts.map((t) => (
              <Toast
                key={t.id}
                content={t.message}
                error={t.error}
                duration={t.duration}
                onDismiss={() => dismiss(t.id)}
              />
            ))}
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
