// The date-range picker of the sales pages (Dashboard, Revenue, Finance, Analytics): last 7, 30 or
// 90 days, or a custom range of whole days, kept in the URL (?days=N or ?from=&to=) so a view can
// be shared and reloaded. The loader validates it (agents/analytics/window.ts parseWindow) and
// sends back the window it used and, for bad input, why it fell back to the default.
import { Form, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Button, ButtonGroup, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

export interface PickedWindow {
  from: string;
  to: string;
  days: number;
  label: string;
  timeZone: string;
}

const PRESETS = [7, 30, 90];

export function WindowPicker({ window, error }: { window: PickedWindow; error: string | null }) {
  const [params] = useSearchParams();
  const custom = params.has("from") || params.has("to");
  const [from, setFrom] = useState(window.from);
  const [to, setTo] = useState(window.to);
  const presetUrl = (days: number) => {
    const next = new URLSearchParams(params);
    next.delete("from");
    next.delete("to");
    next.set("days", String(days));
    return `?${next.toString()}`;
  };
  return (
    <Card>
      <BlockStack gap="300">
        {error ? (
          <div data-testid="window-error">
            <Banner tone="warning" title="That date range could not be used">
              <p>{error}</p>
            </Banner>
          </div>
        ) : null}
        <InlineStack gap="400" blockAlign="center" wrap>
          <ButtonGroup variant="segmented">
            {PRESETS.map((days) => (
              <Button key={days} url={presetUrl(days)} pressed={!custom && !error && window.days === days}>
                {`Last ${days} days`}
              </Button>
            ))}
          </ButtonGroup>
          <Form method="get">
            {/* The page's other choices (e.g. the Analytics report) survive a change of dates. */}
            {[...params.entries()]
              .filter(([key]) => !["days", "from", "to"].includes(key))
              .map(([key, value]) => (
                <input key={key} type="hidden" name={key} value={value} />
              ))}
            <InlineStack gap="200" blockAlign="end">
              <TextField label="From" type="date" name="from" value={from} onChange={setFrom} autoComplete="off" />
              <TextField label="To" type="date" name="to" value={to} onChange={setTo} autoComplete="off" />
              <Button submit>Show</Button>
            </InlineStack>
          </Form>
        </InlineStack>
        <div data-testid="window-label">
          <Text as="p" tone="subdued">
            {`${window.label}: ${window.days === 1 ? "1 day" : `${window.days} days`}, in the shop's time zone (${window.timeZone}). Today is still in progress and shown apart.`}
          </Text>
        </div>
      </BlockStack>
    </Card>
  );
}
