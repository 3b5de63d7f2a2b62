#!/usr/bin/env bash
# Checks that the checked-in GraphQL types (agents/shopify/types/*.d.ts) are what `npm run graphql-codegen`
# makes of the current #graphql documents: regenerates them into a temp dir (offline: the schema comes
# from @shopify/dev-mcp, see scripts/admin-schema.ts) and compares. Leaves the working tree alone.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
dir=agents/shopify/types
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$(GRAPHQL_TYPES_DIR="$tmp" graphql-codegen 2>&1) || { echo "$out" >&2; exit 1; }
stale=0
for file in "$tmp"/*.d.ts; do
  name=$(basename "$file")
  if [ ! -f "$dir/$name" ]; then
    echo "graphql types: $dir/$name is missing" >&2; stale=1
  elif ! cmp -s "$file" "$dir/$name"; then
    echo "graphql types: $dir/$name is out of date:" >&2
    diff -u "$dir/$name" "$file" | head -40 >&2 || true
    stale=1
  fi
done
for file in "$dir"/*.d.ts; do
  [ -f "$tmp/$(basename "$file")" ] || { echo "graphql types: $file is no longer generated" >&2; stale=1; }
done
if [ "$stale" = 1 ]; then
  echo "Run \`npm run graphql-codegen\` and commit $dir." >&2
  exit 1
fi
