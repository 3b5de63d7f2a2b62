// The web server and the worker as plain JavaScript for `node` (no TypeScript loader in
// production): `npm run build` runs this after the Remix build. Dependencies stay in node_modules
// (Vite externalizes them in an SSR build); our own modules (agents/, app/*.server, config/, mcp/)
// are bundled, so a production process loads no .ts file and compiles nothing at start.
import { defineConfig } from "vite";
import { onBuildWarning } from "./config/build-warnings";

export default defineConfig({
  build: {
    ssr: true,
    target: "node22",
    outDir: "build/node",
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { index: "server/index.ts", worker: "server/worker.ts" },
      onwarn: onBuildWarning,
      output: { format: "esm", entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js" },
    },
  },
  logLevel: "warn",
});
