import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import type { DocumentCacheHandle } from "./document-cache.server";

// The document's frame renders nothing but its children: pages below it may opt in to the
// document cache (app/document-cache.server.ts).
export const handle: DocumentCacheHandle = { documentCache: true };

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <link rel="icon" href="data:," />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

// Last resort, outside the app's layout (e.g. the layout's own data failed): plain HTML, since the
// Polaris styles belong to the layout. What failed and a way to retry; no stack trace, and the
// message of an unexpected error only in development.
export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const title = notFound ? "Page not found" : "Royal Equips could not load this page";
  const detail = isRouteErrorResponse(error)
    ? `The server answered ${error.status} ${error.statusText}.`
    : import.meta.env.DEV && error instanceof Error
      ? error.message
      : "The server could not prepare this page; it may have lost its database or Redis connection.";
  return (
    <main
      style={{
        fontFamily: "system-ui, sans-serif",
        maxWidth: 560,
        margin: "64px auto",
        padding: "0 16px",
        lineHeight: 1.5,
      }}
    >
      <h1 style={{ fontSize: 20 }}>{title}</h1>
      <p>{detail}</p>
      <p>
        {/* A plain link: a full page load retries everything, the layout included. */}
        <a href={notFound ? "/app" : ""}>{notFound ? "Go to the dashboard" : "Retry"}</a>
      </p>
    </main>
  );
}
