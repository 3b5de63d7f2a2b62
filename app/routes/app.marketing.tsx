import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Await, Link, useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  SkeletonBodyText,
  Text,
} from "@shopify/polaris";
import { Suspense, useEffect } from "react";
import { z } from "zod";
import type { ToolContext } from "../../agents/core/context";
import type { ToolOutput } from "../../agents/core/registry";
import { countsOf, topCustomers } from "../../agents/overview/queries";
import {
  getCampaignResults,
  getCustomerLifetimeValue,
  getCustomerSegments,
  proposeCampaignsTool,
  proposeDiscountCode,
  toolRegistry,
} from "../../agents/tools";
import { PagedTable } from "../components/PagedTable";
import { Section as Anchored, SectionNav } from "../components/SectionNav";
import { useToast } from "../components/AppFeedback";
import { requireAdmin } from "../auth.server";
import { moduleErrorBoundary } from "../components/ModuleError";
import { Metrics, ModulePage, SectionCard, TableCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import { AnalysisAge, awaitingAnalysis, ToolProblemBanner, type ToolOutcome } from "../components/ToolOutcome";
import { useReloadWhenAnalysed } from "../components/live/LiveEvents";
import db from "../db.server";
import { loaderMemo, pageMemoKey } from "../loader-memo.server";
import { nextFindingSnoozeEnd, type FindingKind } from "../../agents/findings/store";
import { count, money } from "../format";
import { agentEmpty } from "../components/worklist/agentEmpty";
import { Worklist } from "../components/worklist/Worklist";
import { agentStatus, loadWorklist } from "../findings.server";
import { shopCurrency } from "../currency.server";
import { MODULES } from "../modules";
import { merchantWords } from "../merchant-words.server";
import { DAY_MS } from "../../agents/core/time";

const CLV_LIST = 10;
/** A proposed code runs this long from the day it is proposed (the merchant sees it before approving). */
const CAMPAIGN_DAYS = 30;

/** The worklists' kinds: a snoozed item's end changes the page with no write. */
const WORKLIST_KINDS: FindingKind[] = [
  "trending_product",
  "falling_product",
  "dead_stock",
  "bundle",
  "category_gap",
  "campaign_proposal",
  "campaign_result",
];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  const ctx = await admin.toolContext();
  const url = new URL(request.url);
  const now = new Date();
  // Counts, top customers and worklists read once per database version (ADR 0039): counting ~600k
  // customers alone is ~30 ms of CPU. Segments and campaigns are stored analyses that ask for a
  // refresh once stale (ADR 0015), and they stream in as a promise, which cannot be shared: read on
  // every load.
  const page = await loaderMemo.read(
    db,
    pageMemoKey("/app/marketing", admin.shop, admin.mode, url),
    now.getTime(),
    async () => {
      const [currency, counts, top, proposedCodes, research, campaignLists, snoozeEnd] = await Promise.all([
        shopCurrency(admin.shop),
        countsOf(db, admin.shop, ["customers", "orders"]),
        topCustomers(db, admin.shop, 10),
        proposedDiscountCodes(admin.shop),
        researchWorklists(admin.shop, url),
        campaignWorklists(admin.shop, url),
        nextFindingSnoozeEnd(db, admin.shop, WORKLIST_KINDS, now),
      ]);
      return {
        validUntil: snoozeEnd?.getTime() ?? Infinity,
        data: { currency, counts, top, proposedCodes, research, campaignLists },
      };
    },
  );
  // The models (segments, lifetime value, campaigns) take a moment: they stream in after the first paint.
  return { ...page, insights: loadInsights(ctx).then(merchantWords) };
};

/** What the marketing-campaigns agent found: campaigns to run, and how the codes used did. */
async function campaignWorklists(shop: string, url: URL) {
  const [proposals, results, agent] = await Promise.all([
    loadWorklist(shop, url, { key: "campaigns", kinds: ["campaign_proposal"] }),
    loadWorklist(shop, url, { key: "codes", kinds: ["campaign_result"] }),
    agentStatus(shop, "marketing-campaigns"),
  ]);
  return { proposals, results, agent };
}

function CampaignWorklists({
  lists,
  currency,
}: {
  lists: Awaited<ReturnType<typeof campaignWorklists>>;
  currency: string;
}) {
  return (
    <BlockStack gap="400">
      <Worklist
        title="Campaigns to run"
        description="Win-back, VIP, slow-mover and bundle offers sized from your customers' history, with the revenue each is expected to bring after its discount. Approving one puts its discount code up for your approval (two weeks from today)."
        list={lists.proposals}
        currency={currency}
        approveLabel="Propose code"
        empty={agentEmpty(lists.agent, "No campaign to propose")}
      />
      <Worklist
        title="How your discount codes did"
        description="Every code used on orders: orders, revenue, discounts given and order value against orders without a code."
        list={lists.results}
        currency={currency}
        empty={agentEmpty(lists.agent, "No discount code has been used yet")}
      />
    </BlockStack>
  );
}

/** What the product-research agent found, one worklist per kind. */
async function researchWorklists(shop: string, url: URL) {
  const [trending, falling, dead, bundles, gaps, agent] = await Promise.all([
    loadWorklist(shop, url, { key: "trending", kinds: ["trending_product"] }),
    loadWorklist(shop, url, { key: "falling", kinds: ["falling_product"] }),
    loadWorklist(shop, url, { key: "dead", kinds: ["dead_stock"] }),
    loadWorklist(shop, url, { key: "bundles", kinds: ["bundle"] }),
    loadWorklist(shop, url, { key: "gaps", kinds: ["category_gap"] }),
    agentStatus(shop, "product-research"),
  ]);
  return { trending, falling, dead, bundles, gaps, agent };
}

function ResearchWorklists({
  research,
  currency,
}: {
  research: Awaited<ReturnType<typeof researchWorklists>>;
  currency: string;
}) {
  const { agent } = research;
  return (
    <BlockStack gap="400">
      <Worklist
        title="Selling more"
        description="Products whose weekly sales rise steadily (a significance test, not a lucky week): candidates to promote and keep in stock."
        list={research.trending}
        currency={currency}
        empty={agentEmpty(agent, "No product is clearly selling more")}
      />
      <Worklist
        title="Selling less"
        description="Products whose weekly sales fall steadily: candidates for a campaign or a price check."
        list={research.falling}
        currency={currency}
        empty={agentEmpty(agent, "No product is clearly selling less")}
      />
      <Worklist
        title="Dead stock"
        description="Variants with stock on hand that have not sold for 90 days, most money tied up first: candidates for clearance."
        list={research.dead}
        currency={currency}
        empty={agentEmpty(agent, "No dead stock")}
      />
      <Worklist
        title="Bought together"
        description="Products customers often buy in the same order: candidates for bundles and cross-selling."
        list={research.bundles}
        currency={currency}
        empty={agentEmpty(agent, "No products are bought together often enough yet")}
      />
      <Worklist
        title="Category gaps"
        description="Product types whose share of demand outruns their share of your catalogue or stock: where to add products."
        list={research.gaps}
        currency={currency}
        empty={agentEmpty(agent, "No category gap")}
      />
    </BlockStack>
  );
}

async function loadInsights(ctx: ToolContext) {
  const [segments, clv, campaigns, results] = await Promise.all([
    toolRegistry.run(ctx, getCustomerSegments, { includeCustomers: 0 }),
    toolRegistry.run(ctx, getCustomerLifetimeValue, { limit: CLV_LIST }),
    toolRegistry.run(ctx, proposeCampaignsTool, {}),
    toolRegistry.run(ctx, getCampaignResults, {}),
  ]);
  return { segments, clv, campaigns, results };
}

/** Codes already proposed here (and not denied or reverted): their proposals say so instead of offering the button. */
async function proposedDiscountCodes(shop: string) {
  const earlier = await db.action.findMany({
    where: { shop, kind: "discount.create", status: { in: ["pending", "approved", "applied"] } },
    orderBy: { createdAt: "desc" },
    select: { status: true, after: true },
  });
  const codes: Record<string, string> = {};
  for (const a of earlier) {
    const code = (a.after as { code?: string } | null)?.code?.toUpperCase();
    if (code && !(code in codes)) codes[code] = a.status;
  }
  return codes;
}

// A proposal made here keeps its card's answer (pending, with the link to AIRA) instead of
// re-running the models; other navigation revalidates as usual.
export const shouldRevalidate: ShouldRevalidateFunction = ({
  formMethod,
  formAction,
  currentUrl,
  defaultShouldRevalidate,
}) =>
  formMethod?.toUpperCase() === "POST" && formAction?.split("?")[0] === currentUrl.pathname
    ? false
    : defaultShouldRevalidate;

const discountForm = z.object({
  code: z.string().min(1),
  title: z.string().min(1),
  percentOff: z.coerce.number(),
});

/** Creating a code is a store change: it is only proposed here (pending) and applied on approval (AIRA page). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const admin = await requireAdmin(request);
  const parsed = discountForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return {
      ok: false as const,
      code: null,
      message: "The proposal's code, title and discount are missing from the request.",
      hint: "Reload the page and try again.",
    };
  const { code, title, percentOff } = parsed.data;
  const ctx = await admin.toolContext();
  const startsAt = new Date();
  const endsAt = new Date(startsAt.getTime() + CAMPAIGN_DAYS * DAY_MS);
  const result = await toolRegistry.run(ctx, proposeDiscountCode, {
    code,
    title,
    percentOff,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
  });
  if (!result.ok)
    return {
      ok: false as const,
      code,
      message: result.message,
      hint: result.hint ?? null,
    };
  return {
    ok: true as const,
    code,
    actionId: result.data.actionId,
  };
};

export const ErrorBoundary = moduleErrorBoundary("/app/marketing");

const percent = (share: number, digits = 0) => `${(share * 100).toFixed(digits)}%`;
const personOf = (c: { firstName: string | null; lastName: string | null; id: string }) =>
  [c.firstName, c.lastName].filter(Boolean).join(" ") || c.id;
const KIND_LABEL: Record<string, string> = {
  win_back: "Win-back",
  vip: "VIP",
  slow_mover: "Slow stock",
  bundle: "Bundle",
};

export default function Marketing() {
  const { currency, counts, top, proposedCodes, research, campaignLists, insights } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/marketing")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <SectionNav
        sections={[
          { id: "customers", label: "Customers" },
          { id: "campaigns-to-run", label: "Campaigns to run" },
          { id: "trends", label: "Selling more and less" },
          { id: "segments", label: "Segments" },
          { id: "lifetime-value", label: "Lifetime value" },
          { id: "campaign-proposals", label: "Campaign proposals" },
          { id: "campaign-results", label: "Campaign results" },
        ]}
      />
      <Metrics
        metrics={[
          { label: "Customers", value: count(counts.customers) },
          { label: "Orders synced", value: count(counts.orders) },
        ]}
      />
      <Anchored id="customers">
        <TableCard
          title="Top customers by spend"
          headings={["Customer", "Email", "Orders", "Spent"]}
          rows={top.map((c) => [personOf(c), c.email ?? "—", c.ordersCount, money(c.totalSpent, currency)])}
          empty={{
            heading: "No customers synced yet",
            body: "Run the store sync to copy customers and their orders; segments and campaign proposals are built from that history.",
            action: <RunAgentButton agent="store-sync" title="Store sync" />,
          }}
          testId="top-customers"
        />
      </Anchored>
      <Anchored id="campaigns-to-run">
        <CampaignWorklists lists={campaignLists} currency={currency} />
      </Anchored>
      <Anchored id="trends">
        <ResearchWorklists research={research} currency={currency} />
      </Anchored>
      <Suspense fallback={<InsightsLoading />}>
        <Await
          resolve={insights}
          errorElement={
            <Banner tone="critical" title="Segments, lifetime value and campaigns could not be loaded">
              <p>Reload the page to try again.</p>
            </Banner>
          }
        >
          {(loaded) => <Insights insights={loaded} proposedCodes={proposedCodes} currency={currency} />}
        </Await>
      </Suspense>
    </ModulePage>
  );
}

type LoadedInsights = Awaited<ReturnType<typeof loadInsights>>;

function Insights({
  insights,
  proposedCodes,
  currency,
}: {
  insights: LoadedInsights;
  proposedCodes: Record<string, string>;
  currency: string;
}) {
  const { segments, clv, campaigns, results } = insights;
  const all = [segments, clv, campaigns, results];
  // Worked out in the background (ADR 0015): reload when a missing or stale one is ready.
  useReloadWhenAnalysed(awaitingAnalysis(all));
  return (
    <BlockStack gap="400">
      <AnalysisAge results={all} testId="insights-age" />
      <Anchored id="segments">
        <Segments segments={segments} currency={currency} />
      </Anchored>
      <Anchored id="lifetime-value">
        <LifetimeValue clv={clv} currency={currency} />
      </Anchored>
      <Anchored id="campaign-proposals">
        <Campaigns campaigns={campaigns} proposedCodes={proposedCodes} currency={currency} />
      </Anchored>
      <Anchored id="campaign-results">
        <CampaignResults results={results} currency={currency} />
      </Anchored>
    </BlockStack>
  );
}

function InsightsLoading() {
  return (
    <Card>
      <div data-testid="insights-loading" aria-busy="true">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Customer segments, lifetime value and campaigns
          </Text>
          <SkeletonBodyText lines={8} />
        </BlockStack>
      </div>
    </Card>
  );
}

function Segments({ segments, currency }: { segments: ToolOutcome<typeof getCustomerSegments>; currency: string }) {
  if (!segments.ok) {
    return (
      <SectionCard title="Customer segments (RFM)">
        <ToolProblemBanner title="Segments are not available" problem={segments} testId="segments-problem" />
      </SectionCard>
    );
  }
  const { data } = segments;
  return (
    <SectionCard
      title="Customer segments (RFM)"
      description={`Recency, frequency and spend of every customer with an order in the 365 days up to ${data.asOf.slice(0, 10)}.`}
    >
      <Figure label="Customers segmented" testId="segments-customers" value={count(data.customers)} />
      {data.segments.length === 0 ? (
        <Text as="p" tone="subdued">
          No customer has an order in the last 365 days.
        </Text>
      ) : (
        <Table
          label="Customer segments"
          headings={["Segment", "Customers", "Share of customers", "Revenue", "Share of revenue"]}
          rows={data.segments.map((s) => [
            s.segment,
            s.customers,
            percent(s.shareOfCustomers, 1),
            money(s.revenue, currency),
            percent(s.shareOfRevenue, 1),
          ])}
          testId="customer-segments"
        />
      )}
    </SectionCard>
  );
}

function LifetimeValue({ clv, currency }: { clv: ToolOutcome<typeof getCustomerLifetimeValue>; currency: string }) {
  const title = "Customer lifetime value";
  if (!clv.ok) {
    return (
      <SectionCard title={title}>
        <ToolProblemBanner title="Lifetime value is not available" problem={clv} testId="clv-problem" />
      </SectionCard>
    );
  }
  const data = clv.data;
  if (data.status === "insufficient_data") {
    return (
      <SectionCard title={title}>
        <ToolProblemBanner
          title="Not enough order history for lifetime value yet"
          problem={{
            code: "insufficient_data",
            message: data.message,
            hint: data.hint,
          }}
          testId="clv-problem"
        />
      </SectionCard>
    );
  }
  return (
    <SectionCard title={title} description={data.basis}>
      <div data-testid="clv-churn">
        <InlineGrid columns={{ xs: 2, md: 5 }} gap="300">
          <Figure
            label="Expected value, next 365 days"
            testId="clv-total"
            value={money(data.totalExpectedValueNextYear, currency)}
          />
          <Figure label="High churn risk" testId="churn-high" value={count(data.churn.high)} />
          <Figure label="Medium churn risk" testId="churn-medium" value={count(data.churn.medium)} />
          <Figure label="Low churn risk" testId="churn-low" value={count(data.churn.low)} />
          <Figure label="Expected value at high risk" value={money(data.churn.expectedValueAtHighRisk, currency)} />
        </InlineGrid>
      </div>
      {data.warnings.map((w) => (
        <Banner key={w} tone="warning">
          <p>{w}</p>
        </Banner>
      ))}
      <Text as="h3" variant="headingSm">
        Top {data.customers.length} of {count(data.customersScored)} customers by expected value
      </Text>
      <Table
        label="Customers by expected value"
        headings={[
          "Customer",
          "Purchase days",
          "Spent so far",
          "Churn risk",
          "Chance to order (1 yr)",
          "Expected value (1 yr)",
        ]}
        rows={data.customers.map((c) => [
          c.name ?? c.email ?? c.customerId,
          c.purchaseDays,
          money(c.spentSoFar, currency),
          `${c.churnRiskLevel} (${percent(c.churnRisk)})`,
          percent(c.pOrderNextYear),
          money(c.expectedValueNextYear, currency),
        ])}
        testId="clv-customers"
      />
    </SectionCard>
  );
}

function Table({
  label,
  headings,
  rows,
  testId,
}: {
  label: string;
  headings: string[];
  rows: (string | number)[][];
  testId: string;
}) {
  return (
    <div data-testid={testId}>
      <PagedTable
        label={label}
        columnContentTypes={headings.map((_, i) => (typeof rows[0]?.[i] === "number" ? "numeric" : "text"))}
        headings={headings}
        rows={rows}
      />
    </div>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <BlockStack gap="050">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <div data-testid={testId}>
        <Text as="p" variant="headingMd">
          {value}
        </Text>
      </div>
    </BlockStack>
  );
}

type Proposal = ToolOutput<typeof proposeCampaignsTool>["proposals"][number];

function Campaigns({
  campaigns,
  proposedCodes,
  currency,
}: {
  campaigns: ToolOutcome<typeof proposeCampaignsTool>;
  proposedCodes: Record<string, string>;
  currency: string;
}) {
  const title = "Campaign proposals";
  if (!campaigns.ok) {
    return (
      <SectionCard title={title}>
        <ToolProblemBanner title="No campaigns can be proposed" problem={campaigns} testId="campaigns-problem" />
      </SectionCard>
    );
  }
  const { proposals, skipped, note } = campaigns.data;
  return (
    <SectionCard title={title} description={note}>
      {proposals.length === 0 ? (
        <Text as="p" tone="subdued">
          No campaign fits the shop&apos;s data right now.
        </Text>
      ) : (
        <BlockStack gap="300">
          {proposals.map((p) => (
            <ProposalCard
              key={p.id}
              proposal={p}
              currency={currency}
              earlierStatus={proposedCodes[p.suggestedCode.toUpperCase()] ?? null}
            />
          ))}
        </BlockStack>
      )}
      {skipped.length > 0 ? (
        <BlockStack gap="100">
          {skipped.map((s) => (
            <Text key={s.kind} as="p" tone="subdued">
              Not proposed ({KIND_LABEL[s.kind] ?? s.kind}): {s.reason}
            </Text>
          ))}
        </BlockStack>
      ) : null}
    </SectionCard>
  );
}

function ProposalCard({
  proposal: p,
  currency,
  earlierStatus,
}: {
  proposal: Proposal;
  currency: string;
  earlierStatus: string | null;
}) {
  const fetcher = useFetcher<typeof action>();
  const toast = useToast();
  const result = fetcher.data;
  useEffect(() => {
    if (!result) return;
    toast(
      result.ok
        ? `Discount code ${result.code} proposed. Waiting for approval on the AIRA page.`
        : `${result.message}${result.hint ? ` ${result.hint}` : ""}`,
      { error: !result.ok },
    );
  }, [result, toast]);
  const create = () =>
    fetcher.submit(
      {
        code: p.suggestedCode,
        title: p.title.slice(0, 100),
        percentOff: String(p.suggestedDiscountPct),
      },
      { method: "post" },
    );
  return (
    <Card background="bg-surface-secondary">
      <div data-testid="campaign-proposal" data-code={p.suggestedCode}>
        <BlockStack gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Badge>{KIND_LABEL[p.kind] ?? p.kind}</Badge>
            <Text as="h3" variant="headingSm">
              {p.title}
            </Text>
          </InlineStack>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
            <Figure label="Audience" value={`${count(p.audienceSize)} customers`} />
            <Figure label="Code" value={`${p.suggestedCode}, ${p.suggestedDiscountPct}% off`} />
            <Figure
              label="Expected revenue"
              value={`${money(p.expected.revenue, currency)} from ${p.expected.redemptions} orders`}
            />
            <Figure
              label="Net incremental"
              value={`${money(p.expected.netIncrementalRevenue, currency)} after ${money(p.expected.discountCost, currency)} discount`}
            />
          </InlineGrid>
          <Text as="p">{p.rationale}</Text>
          <Text as="p" tone="subdued">
            {p.assumptionText}
          </Text>
          {earlierStatus && !result?.ok ? (
            <div data-testid="discount-proposed">
              <Banner
                tone={earlierStatus === "pending" ? "info" : "success"}
                title={
                  earlierStatus === "pending"
                    ? "Waiting for approval on the AIRA page"
                    : `Code ${p.suggestedCode} is ${earlierStatus}`
                }
              >
                <p>
                  Discount code {p.suggestedCode} was already proposed here ({earlierStatus}).{" "}
                  <Link to="/app/aira">See it on the AIRA page</Link>
                </p>
              </Banner>
            </div>
          ) : result?.ok ? (
            <div data-testid="discount-proposed">
              <Banner tone="success" title="Waiting for approval on the AIRA page">
                <p>
                  Discount code {result.code} ({p.suggestedDiscountPct}% off, {CAMPAIGN_DAYS} days) is proposed; nothing
                  changes in the store until it is approved. <Link to="/app/aira">Review it on the AIRA page</Link>
                </p>
              </Banner>
            </div>
          ) : (
            <BlockStack gap="200">
              {result && !result.ok ? (
                <Banner tone="critical" title="The code could not be proposed">
                  <p>
                    {result.message}
                    {result.hint ? ` ${result.hint}` : ""}
                  </p>
                </Banner>
              ) : null}
              <InlineStack>
                <Button
                  onClick={create}
                  loading={fetcher.state !== "idle"}
                  accessibilityLabel={`Create discount code ${p.suggestedCode}`}
                >
                  Create discount code
                </Button>
              </InlineStack>
            </BlockStack>
          )}
        </BlockStack>
      </div>
    </Card>
  );
}

function CampaignResults({ results, currency }: { results: ToolOutcome<typeof getCampaignResults>; currency: string }) {
  if (!results.ok) {
    return (
      <SectionCard title="Campaign results">
        <ToolProblemBanner
          title="Campaign results are not available"
          problem={results}
          testId="campaign-results-problem"
        />
      </SectionCard>
    );
  }
  const { campaigns, notes } = results.data;
  return (
    <SectionCard title="Campaign results" description={notes.join(" ")}>
      {campaigns.length === 0 ? (
        <Text as="p" tone="subdued">
          No discount code has been used on a synced order or proposed here yet. Create one from a proposal above.
        </Text>
      ) : (
        <Table
          label="Campaign results"
          headings={[
            "Code",
            "Source",
            "Window",
            "Orders",
            "Customers (new)",
            "Revenue",
            "Discount cost",
            "Order value vs no code",
          ]}
          rows={campaigns.map((c) => [
            c.actionStatus ? `${c.code} (${c.actionStatus})` : c.code,
            c.source,
            `${c.window.from ?? "?"} to ${c.window.to ?? "open"}`,
            c.orders,
            `${count(c.customers)} (${count(c.newCustomers)})`,
            money(c.revenue, currency),
            money(c.discountCost, currency),
            c.baselineAverageOrderValue == null
              ? money(c.averageOrderValue, currency)
              : `${money(c.averageOrderValue, currency)} vs ${money(c.baselineAverageOrderValue, currency)}${c.aovChangePct == null ? "" : ` (${c.aovChangePct >= 0 ? "+" : ""}${percent(c.aovChangePct, 1)})`}`,
          ])}
          testId="campaign-results"
        />
      )}
    </SectionCard>
  );
}
