// While the layout waits for another module's data, a skeleton of that module's page stands in for
// the old one. Shown only after a short delay so fast navigations do not flash.
import { useLocation, useNavigation } from "@remix-run/react";
import { BlockStack, Card, Layout, SkeletonBodyText, SkeletonDisplayText, SkeletonPage } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { MODULES } from "../modules";

const DELAY_MS = 150;

/** The module being navigated to, once loading has lasted DELAY_MS; null otherwise. */
export function usePendingModule(): { path: string; title: string } | null {
  const navigation = useNavigation();
  const location = useLocation();
  const target =
    navigation.state === "loading" && navigation.location && navigation.location.pathname !== location.pathname
      ? navigation.location.pathname
      : null;
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    if (!target) {
      setShown(null);
      return;
    }
    const timer = setTimeout(() => setShown(target), DELAY_MS);
    return () => clearTimeout(timer);
  }, [target]);
  if (!shown || shown !== target) return null;
  const module = [...MODULES]
    .sort((a, b) => b.path.length - a.path.length)
    .find((m) => shown === m.path || shown.startsWith(`${m.path}/`));
  return { path: shown, title: module?.title ?? "" };
}

export function ModuleSkeleton({ title }: { title: string }) {
  return (
    <div data-testid="page-skeleton" aria-busy="true">
      <SkeletonPage title={title}>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <SkeletonDisplayText size="small" />
                  <SkeletonBodyText lines={2} />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <SkeletonDisplayText size="small" />
                  <SkeletonBodyText lines={8} />
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </SkeletonPage>
    </div>
  );
}
