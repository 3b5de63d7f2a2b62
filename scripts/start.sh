#!/usr/bin/env bash
# The one run command (`npm start`): set-up, build, then the web app. Without Shopify credentials
# it runs in local mode on http://localhost:${PORT:-3000} with the bundled local dev store (ADR 0005).
# Each step prints a line with the seconds since the start, so a newcomer sees where the time goes.
set -euo pipefail
cd "$(dirname "$0")/.."
export START_EPOCH="${START_EPOCH:-$(date +%s)}"
say() { printf '[%3d s] %s\n' "$(($(date +%s) - START_EPOCH))" "$*"; }
say "Royal Equips is starting: the first run installs, builds, seeds a local store and syncs it (about 2-3 minutes); later runs take seconds."
bash scripts/setup.sh --run
export PATH="$PWD/node_modules/.bin:$PATH"
export NODE_ENV="${NODE_ENV:-production}"

# Built already and nothing the build reads changed since: no need to wait for it again.
build_current() {
  [ -f build/node/index.js ] && [ -f build/server/index.js ] &&
    [ -z "$(find app agents server config mcp emulator package-lock.json vite.config.ts vite.node.config.ts \
      -newer build/node/index.js -type f -not -path '*/node_modules/*' -print -quit 2>/dev/null)" ]
}
if [ "$NODE_ENV" = production ]; then
  if build_current; then
    say "build: up to date"
  else
    say "build: the web app and the worker (about 30-60 s)"
    # The build's own progress is noise here; its warnings (stderr) are kept, the ones nobody can act on
    # are filtered in config/build-warnings.ts.
    npm run --silent build >/dev/null
  fi
fi

exec node --import tsx scripts/run.ts
