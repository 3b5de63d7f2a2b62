#!/usr/bin/env bash
# Brings a fresh clone (or an updated one) to a runnable state; safe to run again.
#  1. npm dependencies, which include Node 24 from the npm registry (the `node` package) so that
#     npm scripts run on it even where the machine's Node is older (ADR 0001);
#  2. the Prisma client for the database DATABASE_URL names, and its migrations (ADR 0003).
# `setup.sh --run` (what `npm start` uses) installs only what building and running the app need,
# leaving out the developer tools (test runners, linters, the Shopify CLI, codegen: about three
# packages in four) unless they are installed already; `npm test` and `npm run setup` install all.
set -euo pipefail
cd "$(dirname "$0")/.."
export START_EPOCH="${START_EPOCH:-$(date +%s)}"
say() { printf '[%3d s] %s\n' "$(($(date +%s) - START_EPOCH))" "$*"; }

mode=all
[ "${1:-}" = --run ] && mode=run
dev_tools_installed() { [ -x node_modules/.bin/vitest ]; }
stale=false
if [ ! -x node_modules/.bin/node ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  stale=true
fi
# `npm install` not `npm ci`: npm 11 leaves other platforms' optional packages (rollup,
# msgpackr-extract) out of the lockfile and `npm ci` then refuses it as out of sync.
if [ "$mode" = run ] && ! dev_tools_installed; then
  if $stale; then
    say "install: the packages the app needs (first run only, 30-60 s; npm prints nothing meanwhile)"
    # --omit=dev on a tree that has the developer tools would remove them: only without them.
    npm install --omit=dev --no-audit --no-fund --loglevel=error
    say "install: done"
  fi
elif $stale || ! dev_tools_installed; then
  say "install: all packages, with the developer tools (first run only, about 2 minutes; npm prints nothing meanwhile)"
  npm install --no-audit --no-fund --loglevel=error
  say "install: done"
fi
export PATH="$PWD/node_modules/.bin:$PATH"
node -e 'const [major, minor] = process.versions.node.split(".").map(Number); if (major < 22 || (major === 22 && minor < 12)) { console.error(`setup: Node >= 22.12 required, found ${process.version}`); process.exit(1); }'

export DATABASE_URL="${DATABASE_URL:-file:./.data/app.db}"
mkdir -p .data
provider=sqlite
case "$DATABASE_URL" in postgresql:*) provider=postgresql ;; esac
say "database: Prisma client and migrations ($provider)"
quietly() { local out; out=$("$@" 2>&1) || { echo "$out" >&2; return 1; }; }
# The client is generated again only when the schema or the provider changed since the last time
# (~10 s saved on every later start). The stamp lives beside the client, so a reinstall drops both.
schema=prisma/schema.prisma
[ "$provider" = postgresql ] && schema=prisma/postgresql/schema.prisma
stamp=node_modules/.prisma/client/.generated-from
want="$provider $(sha256sum "$schema" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && grep -q "provider *= *\"$provider\"" node_modules/.prisma/client/schema.prisma 2>/dev/null; then
  :
else
  quietly prisma generate
  echo "$want" > "$stamp"
fi
quietly prisma migrate deploy
