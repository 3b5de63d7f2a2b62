// The consent step of MCP's OAuth sign-in (mcp/oauth.ts, ADR 0021): an assistant such as Claude
// or ChatGPT sent the merchant here from /authorize. The page is inside the app, so the shop is the
// signed-in merchant's; the merchant chooses read-only or read-and-propose access (read-only by
// default) and whether changes apply without review (off by default), then is sent back to the
// assistant with a one-time code. Connected assistants are listed and revoked in Settings > MCP clients.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  InlineStack,
  Page,
  RadioButton,
  Text,
} from "@shopify/polaris";
import { useState, type FormEvent } from "react";
import { env } from "../../config/env.server";
import { approveAuthorization, denyAuthorization, readAuthorizationRequest } from "../../mcp/oauth";
import { requireAdmin } from "../auth.server";
import db from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, mode } = await requireAdmin(request);
  const signed = new URL(request.url).searchParams.get("request");
  const read = readAuthorizationRequest(env().appSecret, signed);
  if (!read.ok) return { ok: false as const, message: read.message };
  const { clientName, clientHost, redirectUri, scopes } = read.request;
  return {
    ok: true as const,
    shop,
    // Inside Shopify's admin the page is in a frame: the answer leaves it for the assistant's own page.
    embedded: mode === "embedded",
    signed: signed ?? "",
    client: clientName,
    // A metadata-document client's name is its own claim; the host of its client_id URL is not.
    clientHost: clientHost ?? null,
    returnsTo: new URL(redirectUri).host,
    asksToChange: scopes.includes("write"),
    // Saying no needs no secret: the assistant just hears access_denied (with its state).
    denyUrl: denyAuthorization(read.request),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await requireAdmin(request);
  const form = await request.formData();
  const read = readAuthorizationRequest(env().appSecret, String(form.get("request") ?? ""));
  if (!read.ok) return { message: read.message };
  const result = await approveAuthorization(db, shop, actor, read.request, {
    scope: form.get("scope") === "write" ? "write" : "read",
    autoApprove: form.get("autoApprove") === "on",
  });
  if (!result.ok) return { message: result.message };
  return redirect(result.data.redirectTo);
};

/**
 * Embedded, the post carries the page's session token in its URL, and Shopify's tokens live one
 * minute: a merchant who reads the page longer would be sent to Shopify's session-token page and
 * lose the answer. App Bridge hands out a fresh token, put in the post's URL just before it leaves.
 */
function withFreshSessionToken(event: FormEvent<HTMLFormElement>) {
  const bridge = (globalThis as { shopify?: { idToken?: () => Promise<string> } }).shopify;
  if (!bridge?.idToken) return; // no App Bridge: the page's own token goes
  event.preventDefault();
  const form = event.currentTarget;
  void bridge
    .idToken()
    .then((token) => {
      const action = new URL(form.action, window.location.href);
      action.searchParams.set("id_token", token);
      form.action = action.href;
    })
    .catch(() => undefined) // the page's own token is still worth a try
    .finally(() => form.submit());
}

export default function Authorize() {
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [scope, setScope] = useState<"read" | "write">("read");
  const [autoApprove, setAutoApprove] = useState(false);

  if (!data.ok) {
    return (
      <Page title="Connect an assistant" backAction={{ url: "/app/settings/mcp" }}>
        <Banner tone="critical" title={data.message} />
      </Page>
    );
  }
  return (
    <Page title={`Allow ${data.client} to use your store?`} narrowWidth>
      {/* A document POST: the answer is a redirect to the assistant's own address. Embedded, it
          posts from the admin's frame to the whole window (a click may navigate the top window),
          to the current URL with its session token, and the assistant's page opens in the window
          instead of inside the admin's frame (which most sites refuse). */}
      <Form
        method="post"
        reloadDocument
        target={data.embedded ? "_top" : undefined}
        onSubmit={data.embedded ? withFreshSessionToken : undefined}
      >
        <input type="hidden" name="request" value={data.signed} />
        <input type="hidden" name="intent" value="allow" />
        <input type="hidden" name="scope" value={scope} />
        <input type="hidden" name="autoApprove" value={autoApprove && scope === "write" ? "on" : ""} />
        <Card>
          <BlockStack gap="400">
            {failed ? <Banner tone="critical" title={failed.message} /> : null}
            <Text as="p">
              <strong>{data.client}</strong>
              {data.clientHost ? (
                <>
                  {" "}
                  (from <strong>{data.clientHost}</strong>)
                </>
              ) : null}{" "}
              asks to use <strong>{data.shop}</strong> with the same reports and suggestions as AIRA. Afterwards you
              will be sent back to <strong>{data.returnsTo}</strong>.
            </Text>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">
                What may it do?
              </Text>
              <RadioButton
                label="Read only: reports and analyses"
                id="scope-read"
                checked={scope === "read"}
                onChange={() => {
                  setScope("read");
                  setAutoApprove(false);
                }}
              />
              <RadioButton
                label="Read and propose changes (prices, stock, discounts, holds)"
                helpText={data.asksToChange ? `${data.client} asked for this.` : undefined}
                id="scope-write"
                checked={scope === "write"}
                onChange={() => setScope("write")}
              />
              <Checkbox
                label="Apply its changes without my review"
                checked={autoApprove}
                disabled={scope !== "write"}
                onChange={setAutoApprove}
                helpText="Off: every change waits for your approval in the app. On: changes apply at once, are recorded, and can be reverted."
              />
            </BlockStack>
            <Box>
              <Text as="p" tone="subdued">
                You can disconnect it at any time in Settings &gt; MCP clients.
              </Text>
            </Box>
            <InlineStack gap="200" align="end">
              <Button url={data.denyUrl} target={data.embedded ? "_top" : undefined}>
                Deny
              </Button>
              <Button submit variant="primary">
                Allow
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
      </Form>
    </Page>
  );
}
