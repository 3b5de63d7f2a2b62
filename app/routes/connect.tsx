// The first step of an assistant's sign-in when the app runs embedded in Shopify's admin (ADR 0021):
// /authorize sends the browser here, outside the admin. The consent page (app.authorize.tsx) must
// run inside the admin, where Shopify's session token says which store and which merchant; the
// admin is reached by the store's own address, so this page asks for the store and then opens the
// consent page there (admin.shopify.com/store/<store>/apps/<api key>/app/authorize?request=...).
// The signed request travels on unchanged: nothing is stored before the merchant answers.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppProvider, Banner, BlockStack, Button, Card, Page, Text, TextField } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { useState } from "react";
import { env } from "../../config/env.server";
import { CONSENT_PATH, readAuthorizationRequest } from "../../mcp/oauth";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

/** "my-store", "my-store.myshopify.com" or its admin address, as the store's myshopify domain. */
function storeDomain(given: string): string | null {
  const text = given
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/^admin\.shopify\.com\/store\//, "")
    .replace(/\/.*$/, "");
  const domain = text.includes(".") ? text : `${text}.myshopify.com`;
  return /^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$/.test(domain) ? domain : null;
}

/** The app's page `path` inside the store's Shopify admin (Shopify adds the session token). */
const adminAppUrl = (shop: string, apiKey: string, path: string) =>
  `https://admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}/apps/${apiKey}${path}`;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const config = env();
  const url = new URL(request.url);
  // Local mode has one store and no admin: straight to the consent page.
  if (config.localMode) throw redirect(`${CONSENT_PATH}${url.search}`);
  const signed = url.searchParams.get("request");
  const read = readAuthorizationRequest(config.appSecret, signed);
  if (!read.ok) return { ok: false as const, message: read.message };
  const given = url.searchParams.get("shop");
  const shop = given === null ? null : storeDomain(given);
  if (shop) {
    const consent = `${CONSENT_PATH}?${new URLSearchParams({ request: signed ?? "" })}`;
    throw redirect(adminAppUrl(shop, config.SHOPIFY_API_KEY ?? "", consent));
  }
  return {
    ok: true as const,
    client: read.request.clientName,
    signed: signed ?? "",
    given: given ?? "",
    error: given === null ? null : "Enter your store's address, for example your-store.myshopify.com.",
  };
};

export default function ChooseStore() {
  const data = useLoaderData<typeof loader>();
  const [shop, setShop] = useState(data.ok ? data.given : "");
  return (
    <AppProvider i18n={polarisTranslations}>
      <Page title={data.ok ? `Connect ${data.client} to your store` : "Connect an assistant"} narrowWidth>
        {data.ok ? (
          <Card>
            {/* A GET to this page: with the store known it opens the consent page in that store's admin. */}
            <Form method="get" reloadDocument>
              <input type="hidden" name="request" value={data.signed} />
              <BlockStack gap="400">
                <Text as="p">
                  Which store should <strong>{data.client}</strong> use? You will confirm in your Shopify admin what it
                  may do.
                </Text>
                <TextField
                  label="Store address"
                  name="shop"
                  helpText="your-store.myshopify.com"
                  value={shop}
                  onChange={setShop}
                  autoComplete="url"
                  error={data.error ?? undefined}
                />
                <Button submit variant="primary">
                  Continue in Shopify
                </Button>
              </BlockStack>
            </Form>
          </Card>
        ) : (
          <Banner tone="critical" title={data.message} />
        )}
      </Page>
    </AppProvider>
  );
}
