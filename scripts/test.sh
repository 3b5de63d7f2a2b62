#!/usr/bin/env bash
# The one test command (`npm test`): set-up, generated GraphQL types current, typecheck, format check,
# lint, every test on SQLite, the browser tests in Chromium (installed from apt when missing), then the
# database tests (*.db.test.ts) again on PostgreSQL. Needs PostgreSQL (TEST_POSTGRES_URL, default
# postgresql://postgres@127.0.0.1:5432/test) and Redis (REDIS_URL, or a redis-server binary).
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="file:./.data/app.db"
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
results=$(mktemp -d)

echo "== graphql types"; bash scripts/check-graphql-types.sh
echo "== typecheck"; tsc --noEmit; tsc -p extensions/ask-aira/tsconfig.json
echo "== format"; prettier --check "**/*.{ts,tsx,js,jsx,mjs,cjs}" --log-level warn || { echo "Run \`npm run format\` to format the code." >&2; exit 1; }
echo "== lint"; eslint --max-warnings 0 .

# The generated Prisma client is provider-specific: switch it for the PostgreSQL pass and back.
restore_sqlite_client() { DATABASE_URL="file:./.data/app.db" prisma generate >/dev/null 2>&1 || true; }
trap restore_sqlite_client EXIT

echo "== tests on SQLite"
TEST_DATABASE=sqlite vitest run --reporter=default --reporter=json --outputFile="$results/sqlite.json"

echo "== browser tests (local mode in Chromium)"
bash scripts/ensure-chromium.sh
npm run --silent build >/dev/null
vitest run --config tests/e2e/vitest.config.ts --reporter=default --reporter=json --outputFile="$results/e2e.json"

echo "== database tests on PostgreSQL"
DATABASE_URL="${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}" prisma generate >/dev/null
TEST_DATABASE=postgresql vitest run .db.test. --reporter=default --reporter=json --outputFile="$results/postgresql.json"

node -e '
  const files = process.argv.slice(1).map((f) => require(f));
  const sum = (k) => files.reduce((n, r) => n + r[k], 0);
  console.log(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests") + sum("numTodoTests")} skipped`);
' "$results/sqlite.json" "$results/e2e.json" "$results/postgresql.json"
