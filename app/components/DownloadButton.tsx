// A file download from one of the app's own API routes. Embedded in Shopify's admin the app has no
// cookies: a plain <a href> would reach the route without the session token and be refused.
// App Bridge adds that token to fetch() requests to the app's origin, so the file is fetched and
// handed to the browser as a blob; local mode takes the same path.
import { Button } from "@shopify/polaris";
import { useState } from "react";
import { useToast } from "./AppFeedback";

interface DownloadButtonProps {
  url: string;
  /** Used when the response names no file (Content-Disposition). */
  fallbackName: string;
  children: string;
  testId?: string;
}

export function DownloadButton({ url, fallbackName, children, testId }: DownloadButtonProps) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const response = await fetch(url, { headers: { Accept: "text/csv, application/json" } });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        throw new Error(body?.error ?? `The server answered ${response.status}.`);
      }
      saveBlob(await response.blob(), fileNameOf(response.headers.get("Content-Disposition")) ?? fallbackName);
    } catch (error) {
      toast(`Download failed: ${error instanceof Error ? error.message : String(error)}`, { error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <span data-testid={testId} data-url={url}>
      <Button onClick={download} loading={busy}>
        {children}
      </Button>
    </span>
  );
}

function saveBlob(blob: Blob, name: string) {
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has read the blob once the click's default action ran.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** `attachment; filename="x.csv"` -> x.csv */
export function fileNameOf(disposition: string | null): string | null {
  const match = disposition?.match(/filename="([^"]+)"/) ?? disposition?.match(/filename=([^;]+)/);
  return match ? match[1].trim() : null;
}
