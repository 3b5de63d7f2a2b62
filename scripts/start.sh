#!/usr/bin/env bash
# The one run command (`npm start`): set-up, build, then the web app. Without Shopify credentials
# it runs in local mode on http://localhost:${PORT:-3000} with the bundled local dev store (ADR 0005).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
export NODE_ENV="${NODE_ENV:-production}"

if [ "$NODE_ENV" = production ]; then
  echo "start: building the app"
  npm run --silent build >/dev/null
fi

exec node --import tsx scripts/run.ts
