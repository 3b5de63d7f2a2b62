import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Await, Link, useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  SkeletonBodyText,
  Text,
} from "@shopify/polaris";
import { Suspense, useEffect, type ReactNode } from "react";
import { z } from "zod";
import type { ToolContext } from "../../agents/core/context";
import { mirrorCounts, topCustomers } from "../../agents/overview/queries";
import { toolRegistry } from "../../agents/tools";
import type {
  getCampaignResults,
  getCustomerLifetimeValue,
  getCustomerSegments,
  proposeCampaignsTool,
} from "../../agents/tools/marketing";
import { toolContext } from "../admin.server";
import { useToast } from "../components/AppFeedback";
import { requireAdmin } from "../auth.server";
import { moduleErrorBoundary } from "../components/ModuleError";
import { Metrics, ModulePage, TableCard } from "../components/ModulePage";
import { RunAgentButton } from "../components/RunAgentButton";
import db from "../db.server";
import { count, money } from "../format";
import { MODULES } from "../modules";

type Output<T extends { output: z.ZodType }> = z.infer<T["output"]>;
type ToolProblem = { code: string; message: string; hint: string | null };
type Outcome<T> = { ok: true; data: T } | ({ ok: false } & ToolProblem);

/** One tool call through the registry (validated and audited); a failure comes back as data for a Banner. */
async function callTool<T>(ctx: ToolContext, name: string, input: unknown): Promise<Outcome<T>> {
  const result = await toolRegistry.call(ctx, name, input);
  return result.ok
    ? { ok: true, data: result.data as T }
    : {
        ok: false,
        code: result.code,
        message: result.message,
        hint: result.hint ?? null,
      };
}

const merchant = (actor: string) => ({
  kind: "merchant" as const,
  id: actor.replace(/^merchant:?/, "") || "merchant",
});

const CLV_LIST = 10;
/** A proposed code runs this long from the day it is proposed (the merchant sees it before approving). */
const CAMPAIGN_DAYS = 30;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const admin = await requireAdmin(request);
  const ctx = await toolContext(admin.shop, merchant(admin.actor));
  const [counts, top, proposedCodes] = await Promise.all([
    mirrorCounts(db, admin.shop),
    topCustomers(db, admin.shop, 10),
    proposedDiscountCodes(admin.shop),
  ]);
  // The models (segments, lifetime value, campaigns) take a moment: they stream in after the first paint.
  return { counts, top, proposedCodes, insights: loadInsights(ctx) };
};

async function loadInsights(ctx: ToolContext) {
  const [segments, clv, campaigns, results] = await Promise.all([
    callTool<Output<typeof getCustomerSegments>>(ctx, "get_customer_segments", { includeCustomers: 0 }),
    callTool<Output<typeof getCustomerLifetimeValue>>(ctx, "get_customer_lifetime_value", { limit: CLV_LIST }),
    callTool<Output<typeof proposeCampaignsTool>>(ctx, "propose_campaigns", {}),
    callTool<Output<typeof getCampaignResults>>(ctx, "get_campaign_results", {}),
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
  const ctx = await toolContext(admin.shop, merchant(admin.actor));
  const startsAt = new Date();
  const endsAt = new Date(startsAt.getTime() + CAMPAIGN_DAYS * 86_400_000);
  const result = await toolRegistry.call(ctx, "propose_discount_code", {
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
    actionId: (result.data as { actionId: string }).actionId,
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
  const { counts, top, proposedCodes, insights } = useLoaderData<typeof loader>();
  const module = MODULES.find((m) => m.path === "/app/marketing")!;
  return (
    <ModulePage title={module.title} summary={module.summary}>
      <Metrics
        metrics={[
          { label: "Customers", value: count(counts.customers) },
          { label: "Orders synced", value: count(counts.orders) },
        ]}
      />
      <TableCard
        title="Top customers by spend"
        headings={["Customer", "Email", "Orders", "Spent"]}
        rows={top.map((c) => [personOf(c), c.email ?? "—", c.ordersCount, money(c.totalSpent)])}
        empty={{
          heading: "No customers synced yet",
          body: "Run the store sync to copy customers and their orders; segments and campaign proposals are built from that history.",
          action: <RunAgentButton agent="store-sync" title="Store sync" />,
        }}
        testId="top-customers"
      />
      <Suspense fallback={<InsightsLoading />}>
        <Await
          resolve={insights}
          errorElement={
            <Banner tone="critical" title="Segments, lifetime value and campaigns could not be loaded">
              <p>Reload the page to try again.</p>
            </Banner>
          }
        >
          {({ segments, clv, campaigns, results }) => (
            <BlockStack gap="400">
              <Segments segments={segments} />
              <LifetimeValue clv={clv} />
              <Campaigns campaigns={campaigns} proposedCodes={proposedCodes} />
              <CampaignResults results={results} />
            </BlockStack>
          )}
        </Await>
      </Suspense>
    </ModulePage>
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

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {description ? (
            <Text as="p" tone="subdued">
              {description}
            </Text>
          ) : null}
        </BlockStack>
        {children}
      </BlockStack>
    </Card>
  );
}

/** A tool's expected failure, with what to do about it; never a crash. */
function Problem({ title, problem, testId }: { title: string; problem: ToolProblem; testId: string }) {
  return (
    <div data-testid={testId}>
      <Banner tone={problem.code === "insufficient_data" ? "info" : "warning"} title={title}>
        <BlockStack gap="100">
          <p>{problem.message}</p>
          {problem.hint ? <p>{problem.hint}</p> : null}
        </BlockStack>
      </Banner>
    </div>
  );
}

function Segments({ segments }: { segments: Outcome<Output<typeof getCustomerSegments>> }) {
  if (!segments.ok) {
    return (
      <Section title="Customer segments (RFM)">
        <Problem title="Segments are not available" problem={segments} testId="segments-problem" />
      </Section>
    );
  }
  const { data } = segments;
  return (
    <Section
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
          headings={["Segment", "Customers", "Share of customers", "Revenue", "Share of revenue"]}
          rows={data.segments.map((s) => [
            s.segment,
            s.customers,
            percent(s.shareOfCustomers, 1),
            money(s.revenue),
            percent(s.shareOfRevenue, 1),
          ])}
          testId="customer-segments"
        />
      )}
    </Section>
  );
}

function LifetimeValue({ clv }: { clv: Outcome<Output<typeof getCustomerLifetimeValue>> }) {
  const title = "Customer lifetime value";
  if (!clv.ok) {
    return (
      <Section title={title}>
        <Problem title="Lifetime value is not available" problem={clv} testId="clv-problem" />
      </Section>
    );
  }
  const data = clv.data;
  if (data.status === "insufficient_data") {
    return (
      <Section title={title}>
        <Problem
          title="Not enough order history for lifetime value yet"
          problem={{
            code: "insufficient_data",
            message: data.message,
            hint: data.hint,
          }}
          testId="clv-problem"
        />
      </Section>
    );
  }
  const currency = data.currency ?? "USD";
  return (
    <Section title={title} description={data.basis}>
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
    </Section>
  );
}

function Table({ headings, rows, testId }: { headings: string[]; rows: (string | number)[][]; testId: string }) {
  return (
    <div data-testid={testId}>
      <DataTable
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

type Proposal = Output<typeof proposeCampaignsTool>["proposals"][number];

function Campaigns({
  campaigns,
  proposedCodes,
}: {
  campaigns: Outcome<Output<typeof proposeCampaignsTool>>;
  proposedCodes: Record<string, string>;
}) {
  const title = "Campaign proposals";
  if (!campaigns.ok) {
    return (
      <Section title={title}>
        <Problem title="No campaigns can be proposed" problem={campaigns} testId="campaigns-problem" />
      </Section>
    );
  }
  const { proposals, skipped, note, currency } = campaigns.data;
  return (
    <Section title={title} description={note}>
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
              currency={currency ?? "USD"}
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
    </Section>
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

function CampaignResults({ results }: { results: Outcome<Output<typeof getCampaignResults>> }) {
  if (!results.ok) {
    return (
      <Section title="Campaign results">
        <Problem title="Campaign results are not available" problem={results} testId="campaign-results-problem" />
      </Section>
    );
  }
  const { campaigns, notes, currency } = results.data;
  const cur = currency ?? "USD";
  return (
    <Section title="Campaign results" description={notes.join(" ")}>
      {campaigns.length === 0 ? (
        <Text as="p" tone="subdued">
          No discount code has been used on a synced order or proposed here yet. Create one from a proposal above.
        </Text>
      ) : (
        <Table
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
            money(c.revenue, cur),
            money(c.discountCost, cur),
            c.baselineAverageOrderValue == null
              ? money(c.averageOrderValue, cur)
              : `${money(c.averageOrderValue, cur)} vs ${money(c.baselineAverageOrderValue, cur)}${c.aovChangePct == null ? "" : ` (${c.aovChangePct >= 0 ? "+" : ""}${percent(c.aovChangePct, 1)})`}`,
          ])}
          testId="campaign-results"
        />
      )}
    </Section>
  );
}
