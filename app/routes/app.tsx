import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, Box, Frame, InlineStack, Navigation, Text, TopBar } from "@shopify/polaris";
import { useEffect, useState } from "react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { requireAdmin } from "../auth.server";
import type { DocumentCacheHandle } from "../document-cache.server";
import { AppFeedbackProvider } from "../components/AppFeedback";
import { AiraPanel } from "../components/aira/AiraPanel";
import { AlertAnnouncer } from "../components/live/AlertAnnouncer";
import { LiveEventsProvider, LiveStatusBadge } from "../components/live/LiveEvents";
import { RunEndAnnouncer } from "../components/live/RunEndAnnouncer";
import { ModuleSkeleton, usePendingModule } from "../components/NavigationSkeleton";
import { eventLogCursor } from "../../agents/runtime/events";
import { withTimeout } from "../../agents/infra/redis";
import { env } from "../../config/env.server";
import { redis } from "../redis.server";
import { MODULES, documentTitle } from "../modules";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

// Its document is rendered once per distinct loader data (app/document-cache.server.ts): it renders
// only its loader data and the URL.
export const handle: DocumentCacheHandle = { documentCache: true };

// Every page's document title, in one place: no page route exports its own `meta`, so Remix uses this one.
export const meta: MetaFunction = ({ location }) => [{ title: documentTitle(location.pathname) }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, mode } = await requireAdmin(request);
  // Where the live stream resumes: events after the pages' data was read are replayed, not lost.
  // Without Redis the stream is down anyway; the page still renders.
  const liveSince = await withTimeout(eventLogCursor(redis, shop), 500, "redis timeout").catch(() => null);
  return { apiKey: env().SHOPIFY_API_KEY ?? "", shop, localMode: mode === "local", liveSince };
};

export default function AppLayout() {
  const { apiKey, shop, localMode, liveSince } = useLoaderData<typeof loader>();
  if (localMode) return <LocalFrame shop={shop} liveSince={liveSince} />;
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        {MODULES.flatMap((module, index) => [
          <Link key={module.path} to={module.path} rel={index === 0 ? "home" : undefined}>
            {module.title}
          </Link>,
          ...(module.pages ?? []).map((page) => (
            <Link key={page.path} to={page.path}>
              {page.title}
            </Link>
          )),
        ])}
      </NavMenu>
      <AppFeedbackProvider embedded>
        <LiveEventsProvider since={liveSince}>
          <LiveStatusRow />
          <RunEndAnnouncer />
          <AlertAnnouncer />
          <ModuleOutlet />
          <AiraPanel />
        </LiveEventsProvider>
      </AppFeedbackProvider>
    </AppProvider>
  );
}

// Outside Shopify's admin there is no App Bridge: Polaris draws the navigation, toasts and modals.
// On a narrow screen the navigation is a drawer: the top bar's menu button opens it, choosing a
// page or pressing Escape closes it.
function LocalFrame({ shop, liveSince }: { shop: string; liveSince: string | null }) {
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location.pathname]);
  const topBar = (
    <TopBar
      showNavigationToggle
      onNavigationToggle={() => setMenuOpen((open) => !open)}
      contextControl={
        <Box paddingInline="400" paddingBlock="300">
          <Text as="span" variant="headingMd" tone="text-inverse">
            Royal Equips
          </Text>
        </Box>
      }
    />
  );
  const navigation = (
    <Navigation location={location.pathname} onDismiss={() => setMenuOpen(false)}>
      <Navigation.Section
        title="Royal Equips"
        items={MODULES.map((module) => ({
          url: module.path,
          label: module.title,
          exactMatch: module.path === "/app",
          selected: module.path === "/app" ? location.pathname === "/app" : location.pathname.startsWith(module.path),
          subNavigationItems: module.pages?.map((page) => ({
            url: page.path,
            label: page.title,
            selected: location.pathname.startsWith(page.path),
          })),
        }))}
      />
    </Navigation>
  );
  return (
    <AppProvider isEmbeddedApp={false} apiKey="">
      <Frame
        topBar={topBar}
        navigation={navigation}
        showMobileNavigation={menuOpen}
        onNavigationDismiss={() => setMenuOpen(false)}
      >
        <AppFeedbackProvider embedded={false}>
          <LiveEventsProvider since={liveSince}>
            <div data-testid="local-mode-banner">
              <Banner tone="warning" title={`Local dev store: ${shop}`}>
                <p>
                  Not connected to Shopify. This is the bundled Admin API emulator with generated data; changes here
                  never reach a real store.
                </p>
              </Banner>
            </div>
            <LiveStatusRow />
            <RunEndAnnouncer />
            <AlertAnnouncer />
            <ModuleOutlet />
            <AiraPanel />
          </LiveEventsProvider>
        </AppFeedbackProvider>
      </Frame>
    </AppProvider>
  );
}

// The live stream's state, on every module page (same height in every state: nothing shifts).
function LiveStatusRow() {
  return (
    <Box paddingInline="400" paddingBlockStart="300">
      <InlineStack align="end">
        <LiveStatusBadge />
      </InlineStack>
    </Box>
  );
}

function ModuleOutlet() {
  const pending = usePendingModule();
  return pending ? <ModuleSkeleton title={pending.title} /> : <Outlet />;
}

// Shopify needs Remix to catch some thrown responses so that its headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
