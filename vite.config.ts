// Remix builds with Vite (`remix vite:build`), as Shopify's template does; the classic compiler
// cannot build @shopify/shopify-app-remix 6 (docs/decisions/0002-vite-not-remix-config.md).
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { onBuildWarning } from "./config/build-warnings";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
      },
    }),
  ],
  build: { assetsInlineLimit: 0, rollupOptions: { onwarn: onBuildWarning } },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
});
