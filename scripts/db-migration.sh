#!/usr/bin/env bash
# Creates a new migration for BOTH providers from the current prisma/schema.prisma.
# Usage: bash scripts/db-migration.sh <name>
# Offline, `prisma migrate dev` cannot run its shadow database, so migrations are diffs between
# the schema the existing migrations produce and the new schema (docs/decisions/0003-prisma-offline.md).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/db-migration.sh <name>}
stamp=$(date -u +%Y%m%d%H%M%S)
npx tsx scripts/sync-schemas.ts
for provider in sqlite postgresql; do
  if [ "$provider" = sqlite ]; then dir=prisma/migrations; schema=prisma/schema.prisma; url="file:./.data/migration-diff.db";
  else dir=prisma/postgresql/migrations; schema=prisma/postgresql/schema.prisma; url="postgresql://postgres@127.0.0.1:5432/test"; fi
  mkdir -p "$dir/${stamp}_$name"
  DATABASE_URL=$url npx prisma migrate diff --from-migrations "$dir" --to-schema-datamodel "$schema" --script \
    --shadow-database-url "$url" > "$dir/${stamp}_$name/migration.sql"
  echo "wrote $dir/${stamp}_$name/migration.sql"
done
