// Remix's default browser entry, plus one listener. Live updates reload a page's data
// (useRevalidator) while the merchant may be navigating; single fetch then rejects the aborted
// request with an AbortError that nothing awaits (remix-run/react-router#14761). An aborted data
// request is expected (newer data is on its way), so it is not reported as an error.
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

window.addEventListener("unhandledrejection", (event) => {
  const reason: unknown = event.reason;
  if (reason instanceof DOMException && reason.name === "AbortError") event.preventDefault();
});

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
