#!/usr/bin/env bash
# The one run command (`npm start`): set-up, build, then the web app. Without Shopify credentials
# it runs in local mode on http://localhost:${PORT:-3000} (ADR 0005).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
export NODE_ENV="${NODE_ENV:-production}"

if [ "$NODE_ENV" = production ]; then
  echo "start: building the app"
  remix vite:build >/dev/null
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait; }
trap cleanup EXIT INT TERM

node --import tsx server/index.ts &
pids+=($!)
wait -n
