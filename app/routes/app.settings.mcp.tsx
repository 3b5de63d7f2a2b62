// Settings > MCP clients: assistants connected by signing in (OAuth, ADR 0021: Claude's and
// ChatGPT's connectors), and access tokens for Claude Desktop, Cursor and other MCP clients.
// A new token is shown once (only its hash is stored); tokens can be revoked and, for write
// tokens, allowed to apply their changes without review (auto-approve).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  EmptyState,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { createToken, listTokens, revokeToken, setAutoApprove, type TokenSummary } from "../../mcp/auth";
import { listGrants, revokeGrant } from "../../mcp/oauth";
import { requireAdmin } from "../auth.server";
import db from "../db.server";
import { when } from "../format";
import { PagedTable } from "../components/PagedTable";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [tokens, grants] = await Promise.all([listTokens(db, shop), listGrants(db, shop)]);
  return { shop, tokens, grants, endpoint: new URL("/mcp", request.url).href };
};

type ActionData =
  | { ok: true; intent: string; token?: string; summary?: TokenSummary }
  | { ok: false; intent: string; message: string; hint?: string };

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionData> => {
  const { shop, actor } = await requireAdmin(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const tokenId = String(form.get("tokenId") ?? "");
  let result;
  if (intent === "create") {
    result = await createToken(db, shop, actor, {
      name: String(form.get("name") ?? ""),
      scope: String(form.get("scope") ?? "") as "read" | "write",
      autoApprove: form.get("autoApprove") === "on",
    });
    return result.ok
      ? { ok: true, intent, token: result.data.token, summary: result.data.summary }
      : { ok: false, intent, message: result.message, hint: result.hint };
  }
  if (intent === "disconnect") {
    const revoked = await revokeGrant(db, shop, actor, String(form.get("grantId") ?? ""));
    return revoked.ok ? { ok: true, intent } : { ok: false, intent, message: revoked.message, hint: revoked.hint };
  }
  if (intent === "revoke") result = await revokeToken(db, shop, actor, tokenId);
  else if (intent === "auto-approve")
    result = await setAutoApprove(db, shop, actor, tokenId, form.get("autoApprove") === "true");
  else return { ok: false, intent, message: `Unknown action "${intent}".`, hint: "Use the buttons on this page." };
  return result.ok
    ? { ok: true, intent, summary: result.data }
    : { ok: false, intent, message: result.message, hint: result.hint };
};

export default function McpSettings() {
  const { tokens, grants, endpoint } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("read");
  const [autoApprove, setAutoApproveField] = useState(false);

  const rows = tokens.map((t) => [
    t.name,
    `${t.prefix}…`,
    t.scope === "write" ? "Read and propose changes" : "Read only",
    t.autoApprove ? "Applies at once" : "Waits for approval",
    when(t.createdAt),
    when(t.lastUsedAt),
    t.revokedAt ? (
      <Badge key="s">{`Revoked ${when(t.revokedAt)}`}</Badge>
    ) : (
      <Badge key="s" tone="success">
        Active
      </Badge>
    ),
    t.revokedAt ? (
      "—"
    ) : (
      <InlineStack key="a" gap="200">
        {t.scope === "write" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="auto-approve" />
            <input type="hidden" name="tokenId" value={t.id} />
            <input type="hidden" name="autoApprove" value={String(!t.autoApprove)} />
            <Button submit size="slim" disabled={busy}>
              {t.autoApprove ? "Require approval" : "Auto-approve"}
            </Button>
          </Form>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="revoke" />
          <input type="hidden" name="tokenId" value={t.id} />
          <Button submit size="slim" tone="critical" disabled={busy}>
            Revoke
          </Button>
        </Form>
      </InlineStack>
    ),
  ]);

  const grantRows = grants.map((g) => [
    g.client,
    g.scope === "write" ? "Read and propose changes" : "Read only",
    g.autoApprove ? "Applies at once" : "Waits for approval",
    when(g.createdAt),
    when(g.lastUsedAt),
    g.revokedAt ? (
      <Badge key="s">{`Disconnected ${when(g.revokedAt)}`}</Badge>
    ) : (
      <Badge key="s" tone="success">
        Connected
      </Badge>
    ),
    g.revokedAt ? (
      "—"
    ) : (
      <Form key="a" method="post">
        <input type="hidden" name="intent" value="disconnect" />
        <input type="hidden" name="grantId" value={g.id} />
        <Button submit size="slim" tone="critical" disabled={busy} accessibilityLabel={`Disconnect ${g.client}`}>
          Disconnect
        </Button>
      </Form>
    ),
  ]);

  return (
    <Page
      title="MCP clients"
      subtitle="Give Claude Desktop, Cursor or any MCP client the same tools as AIRA, with the same approvals and audit log."
      backAction={{ url: "/app", content: "Dashboard", accessibilityLabel: "Back to the dashboard" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result && !result.ok ? (
              <Banner tone="critical" title={result.message}>
                {result.hint ? <p>{result.hint}</p> : null}
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Connected assistants
                </Text>
                <Text as="p" tone="subdued">
                  Claude and ChatGPT connect by signing in: add <code>{endpoint}</code> as a connector there and allow
                  it here when asked. Disconnecting takes effect on its next request.
                </Text>
                {grantRows.length === 0 ? (
                  <Text as="p">No assistant has signed in yet.</Text>
                ) : (
                  <PagedTable
                    label="Connected assistants"
                    columnContentTypes={["text", "text", "text", "text", "text", "text", "text"]}
                    headings={["Assistant", "Access", "Changes", "Connected", "Last used", "Status", ""]}
                    rows={grantRows}
                  />
                )}
              </BlockStack>
            </Card>

            {result?.ok && result.token && result.summary ? (
              <Banner
                tone="success"
                title={`Token "${result.summary.name}" created: copy it now, it will not be shown again`}
              >
                <BlockStack gap="200">
                  <TextField
                    label="Access token"
                    value={result.token}
                    readOnly
                    autoComplete="off"
                    monospaced
                    selectTextOnFocus
                  />
                  <Text as="p">
                    Send it as <code>Authorization: Bearer {result.summary.prefix}…</code> to <code>{endpoint}</code>,
                    or set it as ROYAL_MCP_TOKEN for the stdio server (see the README, "MCP clients").
                  </Text>
                </BlockStack>
              </Banner>
            ) : null}

            <Card>
              <Form method="post">
                <input type="hidden" name="intent" value="create" />
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Create an access token
                  </Text>
                  <TextField
                    label="Name"
                    name="name"
                    value={name}
                    onChange={setName}
                    autoComplete="off"
                    helpText="Which client or person it is for, e.g. Claude Desktop on my laptop."
                    maxLength={60}
                  />
                  <Select
                    label="Access"
                    name="scope"
                    options={[
                      { label: "Read only: reports and analyses", value: "read" },
                      { label: "Read and propose changes (prices, stock, discounts, holds)", value: "write" },
                    ]}
                    value={scope}
                    onChange={(value) => {
                      setScope(value as "read" | "write");
                      if (value === "read") setAutoApproveField(false);
                    }}
                  />
                  <Checkbox
                    label="Apply its changes without my review (auto-approve)"
                    name="autoApprove"
                    checked={autoApprove}
                    disabled={scope !== "write"}
                    onChange={setAutoApproveField}
                    ariaDescribedBy="auto-approve-help"
                  />
                  {/* Not the checkbox's helpText: Polaris greys that out with the disabled box, below
                      readable contrast, and it still explains the choice. */}
                  <div id="auto-approve-help">
                    <Text as="p" tone="subdued">
                      Off: every change waits for your approval in the app. On: changes apply at once and are recorded
                      in the audit log; you can revert them. Only for tokens that can make changes.
                    </Text>
                  </div>
                  <InlineStack>
                    <Button submit variant="primary" loading={busy} disabled={!name.trim()}>
                      Create token
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Access tokens
                </Text>
                {rows.length === 0 ? (
                  <EmptyState heading="No access tokens yet" image="">
                    <p>Create one above to connect an MCP client. Revoking a token takes effect on its next request.</p>
                  </EmptyState>
                ) : (
                  <PagedTable
                    label="Access tokens"
                    columnContentTypes={["text", "text", "text", "text", "text", "text", "text", "text"]}
                    headings={["Name", "Token", "Access", "Changes", "Created", "Last used", "Status", ""]}
                    rows={rows}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
