import { Suspense, useSyncExternalStore, type ReactNode } from "react";

const subscribe = () => () => {};

/** False on the server and during hydration, true once the browser has taken over. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/**
 * Renders `children()` only in the browser (for libraries that cannot render on the server), and
 * `fallback` on the server, during hydration and while a lazy child loads. Give the fallback the
 * child's size so nothing moves when it arrives.
 */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  const hydrated = useHydrated();
  return hydrated ? <Suspense fallback={fallback}>{children()}</Suspense> : <>{fallback}</>;
}
