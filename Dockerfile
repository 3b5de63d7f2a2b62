# syntax=docker/dockerfile:1
# Royal Equips in production: one image for the web app, the worker and the migration step
# (docs/deploy.md, ADR 0024). Multi-stage: the build stage has the dev dependencies (Vite, Remix's
# compiler, TypeScript); the runtime stage has only `dependencies`, the compiled app and the
# migrations, and runs as the unprivileged `node` user.
#   docker build -t royal-equips .
#   docker run ... royal-equips                          # web (node build/node/index.js)
#   docker run ... royal-equips node build/node/worker.js   # worker
#   docker run ... royal-equips npm run db:migrate           # migrations, before a release
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY emulator/package.json emulator/
COPY extensions/ask-aira/package.json extensions/ask-aira/
# `npm install` honours the lockfile; `npm ci` refuses it when other platforms' optional packages are missing (scripts/setup.sh).
RUN npm install --no-audit --no-fund --loglevel=error
COPY . .
RUN npm run build
# What production leaves out besides the dev dependencies (1,038 -> 497 MB of node_modules, measured
# by bench/container.sh): the packages that are dependencies only so that `npm start` can build and
# run local mode on a machine without the developer tools: the emulator workspace and its Admin schema
# package (which pulls in the Shopify CLI), Vite and Remix's compiler, tsx, and Node 24 from the npm
# registry (ADR 0001; the image has its own Node 24). The compiled server imports none of them.
RUN npm pkg delete workspaces "dependencies.@shopify/dev-mcp" "dependencies.@remix-run/dev" \
      dependencies.vite dependencies.tsx dependencies.node \
 && npm prune --omit=dev --no-audit --no-fund --loglevel=error
# The Prisma client is provider-specific (ADR 0003): production runs on PostgreSQL. Generated last,
# and checked: an image built with it generated before the prune shipped a SQLite client, and every
# process stopped at start on a PostgreSQL DATABASE_URL (found by bench/container.sh).
RUN DATABASE_URL=postgresql://build@localhost:5432/build npx prisma generate \
 && grep -q 'provider = "postgresql"' node_modules/.prisma/client/schema.prisma

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 WORKER_PORT=3001
# config/node-flags.ts (young generation capped at 16 MB semi-spaces: idle RSS, measured there).
ENV NODE_OPTIONS="--max-semi-space-size=16"
WORKDIR /app
# Only what production runs: production dependencies (with the generated Prisma client), the
# build, and what `npm run db:migrate` reads (prisma.config.ts and the schema provider module).
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/build ./build
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/prisma.config.ts ./
COPY --from=build --chown=node:node /app/agents/db/provider.ts ./agents/db/provider.ts
# The compliance status reads the webhook subscriptions and checks their route files exist.
COPY --from=build --chown=node:node /app/shopify.app.toml ./
COPY --from=build --chown=node:node /app/app/routes ./app/routes
USER node
EXPOSE 3000 3001
# The web process answers /healthz on PORT; for the worker, the orchestrator probes WORKER_PORT.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||process.env.PORT)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "build/node/index.js"]
