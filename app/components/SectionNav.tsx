// Long pages (Marketing, Security, Analytics) open with a list of their sections: plain in-page
// links, so each section has an address (/app/security#audit-log) that can be shared and that
// keyboard and screen-reader users reach in one step instead of scrolling thousands of pixels.
import { Card, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

export interface PageSection {
  id: string;
  label: string;
}

export function SectionNav({ sections }: { sections: PageSection[] }) {
  return (
    <Card padding="300">
      <nav aria-label="On this page" data-testid="section-nav">
        <InlineStack gap="400" blockAlign="center" wrap>
          <Text as="span" variant="headingSm">
            On this page:
          </Text>
          {sections.map((s) => (
            // A native anchor: the browser scrolls to the section and moves focus there; no router work.
            <a key={s.id} href={`#${s.id}`} className="Polaris-Link">
              {s.label}
            </a>
          ))}
        </InlineStack>
      </nav>
    </Card>
  );
}

/** A section a SectionNav links to. The offset keeps its heading clear of the top bar. */
export function Section({ id, children }: { id: string; children: ReactNode }) {
  return (
    <section id={id} style={{ scrollMarginTop: 72 }} tabIndex={-1}>
      {children}
    </section>
  );
}
