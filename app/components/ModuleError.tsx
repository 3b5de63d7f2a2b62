// A module's error boundary: says which page failed and offers Retry, inside the app's layout
// (navigation and live status stay usable). Never a stack trace; the error's message only in
// development. Shopify's own auth responses (App Bridge redirects, invalid session tokens) go to
// Shopify's boundary, which knows how to handle them.
import { isRouteErrorResponse, useRevalidator, useRouteError } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { MODULES } from "../modules";
import { ModulePage } from "./ModulePage";

const isShopifyAuthResponse = (error: unknown) =>
  isRouteErrorResponse(error) && (error.status < 300 || error.status === 401 || error.status === 403);

/** `detail` is shown to the merchant; `debug` (an unexpected error's message) only in development. */
function describe(error: unknown): { what: string; detail: string | null; debug: string | null } {
  if (isRouteErrorResponse(error)) {
    // Thrown on purpose by our loaders: their message is written for the merchant.
    const message =
      typeof error.data === "string" ? error.data : ((error.data as { error?: string } | null)?.error ?? null);
    if (error.status === 404)
      return { what: "This page or the record it asked for does not exist.", detail: message, debug: null };
    if (error.status === 503)
      return {
        what: "A service this page needs (the database or Redis) is not answering.",
        detail: message,
        debug: null,
      };
    return { what: `The server answered ${error.status} ${error.statusText}.`, detail: message, debug: null };
  }
  const message = error instanceof Error ? error.message : String(error);
  // Fetch failures: the browser could not reach the app at all.
  if (/Failed to fetch|NetworkError|Load failed/i.test(message))
    return { what: "The app could not be reached. Check the connection.", detail: null, debug: null };
  return { what: "Something went wrong while loading this page. Try again.", detail: null, debug: message };
}

export function ModuleError({ path }: { path: string }) {
  const error = useRouteError();
  const revalidator = useRevalidator();
  if (isShopifyAuthResponse(error)) return boundary.error(error);
  const module = MODULES.find((m) => m.path === path);
  const title = module?.title ?? "This page";
  const { what, detail, debug } = describe(error);
  return (
    <ModulePage title={title} summary={module?.summary ?? ""}>
      <Card>
        <div data-testid="module-error">
          <BlockStack gap="300">
            <Banner tone="critical" title={`${title} could not be loaded`}>
              <p>{what}</p>
              {detail ? <p>{detail}</p> : null}
              {import.meta.env.DEV && debug ? (
                <Text as="p" tone="subdued">
                  {debug}
                </Text>
              ) : null}
            </Banner>
            <div>
              <Button
                variant="primary"
                onClick={() => revalidator.revalidate()}
                loading={revalidator.state === "loading"}
              >
                Retry
              </Button>
            </div>
          </BlockStack>
        </div>
      </Card>
    </ModulePage>
  );
}

/** `export const ErrorBoundary = moduleErrorBoundary("/app/revenue")` in a module's route. */
export function moduleErrorBoundary(path: string) {
  return function ErrorBoundary() {
    return <ModuleError path={path} />;
  };
}
