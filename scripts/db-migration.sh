#!/usr/bin/env bash
# Creates a new migration for BOTH providers from the current prisma/schema.prisma.
# Usage: bash scripts/db-migration.sh <name>
# Offline, Prisma's schema engine runs over a driver adapter, which `migrate diff` cannot combine
# with a shadow database or a URL. So: apply the existing migrations to a scratch database,
# introspect it (db pull), and diff that datamodel against the schema (ADR 0003).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/db-migration.sh <name>}
stamp=$(date -u +%Y%m%d%H%M%S)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
npx tsx scripts/sync-schemas.ts
for provider in sqlite postgresql; do
  if [ "$provider" = sqlite ]; then dir=prisma/migrations; schema=prisma/schema.prisma; url="file:$scratch/diff.db";
  else dir=prisma/postgresql/migrations; schema=prisma/postgresql/schema.prisma; scratchdb="migration_diff_$stamp"; url="postgresql://postgres@127.0.0.1:5432/$scratchdb";
    psql -q -h 127.0.0.1 -U postgres test -c "CREATE DATABASE $scratchdb"; fi
  DATABASE_URL=$url npx prisma migrate deploy > /dev/null
  # db pull prints a driver-adapter warning before the datamodel; keep the datamodel only.
  DATABASE_URL=$url npx prisma db pull --print 2>/dev/null | sed -n '/^generator /,$p' > "$scratch/$provider.prisma"
  out="$dir/${stamp}_$name"
  mkdir -p "$out"
  DATABASE_URL=$url npx prisma migrate diff --from-schema-datamodel "$scratch/$provider.prisma" --to-schema-datamodel "$schema" --script > "$out/migration.sql"
  echo "wrote $out/migration.sql"
  if [ "$provider" = postgresql ]; then psql -q -h 127.0.0.1 -U postgres test -c "DROP DATABASE $scratchdb"; fi
done
