#!/usr/bin/env bash
# Brings a fresh clone (or an updated one) to a runnable state; safe to run again.
#  1. npm dependencies, which include Node 24 from the npm registry (the `node` package) so that
#     npm scripts run on it even where the machine's Node is older (ADR 0001);
#  2. the Prisma client for the database DATABASE_URL names, and its migrations (ADR 0003).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/node ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing dependencies"
  # `npm install`, not `npm ci`: npm 11 leaves other platforms' optional packages (rollup,
  # msgpackr-extract) out of the lockfile and `npm ci` then refuses it as out of sync.
  npm install --no-audit --no-fund --loglevel=error
fi
export PATH="$PWD/node_modules/.bin:$PATH"
node -e 'const [major, minor] = process.versions.node.split(".").map(Number); if (major < 22 || (major === 22 && minor < 12)) { console.error(`setup: Node >= 22.12 required, found ${process.version}`); process.exit(1); }'

export DATABASE_URL="${DATABASE_URL:-file:./.data/app.db}"
mkdir -p .data
echo "setup: prisma client and migrations for ${DATABASE_URL%%:*}"
quietly() { local out; out=$("$@" 2>&1) || { echo "$out" >&2; return 1; }; }
quietly prisma generate
quietly prisma migrate deploy
