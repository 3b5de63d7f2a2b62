// How an applied change did, beside its Revert button: the affected products' figures per day
// before and after over equal windows, and the honest note (too early, too few orders, up, down).
import { BlockStack, Text } from "@shopify/polaris";
import type { ChangeOutcome } from "../../agents/actions/outcomes";
import { money } from "../format";

type Side = ChangeOutcome["before"];

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);
const unitsFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const units = (n: number) => unitsFormat.format(n);

function sideLine(label: string, side: Side, currency: string) {
  const margin = side.perDay.margin == null ? "" : `, margin ${money(side.perDay.margin, currency)}`;
  return `${label} (${days(side.days)} of data): ${units(side.perDay.units)} sold, ${money(side.perDay.revenue, currency)} revenue${margin} a day`;
}

export function ChangeOutcomeNote({ outcome, currency }: { outcome: ChangeOutcome; currency: string }) {
  const tone = outcome.verdict === "better" ? "success" : outcome.verdict === "worse" ? "critical" : "subdued";
  return (
    <div data-testid="change-outcome">
      <BlockStack gap="050">
        <Text as="p" fontWeight="medium" tone={tone}>
          {outcome.subject}: {outcome.note}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {sideLine("Before", outcome.before, currency)}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {sideLine("After", outcome.after, currency)}
        </Text>
        {outcome.code ? (
          <Text as="p" variant="bodySm" tone="subdued">
            Code {outcome.code.code} used on {outcome.code.orders} order{outcome.code.orders === 1 ? "" : "s"}:{" "}
            {money(outcome.code.revenue, currency)} revenue, {money(outcome.code.discountGiven, currency)} discount
            given
          </Text>
        ) : null}
      </BlockStack>
    </div>
  );
}
