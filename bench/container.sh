#!/usr/bin/env bash
# Builds the production image from the Dockerfile and runs it as production would (issue #24):
# the migration step, two web containers and a worker against PostgreSQL and Redis, their
# healthchecks, /readyz and the worker's /metrics, then a SIGTERM to each. Prints the figures
# docs/benchmarks.md quotes: build time, image size, node_modules size, time to healthy, RSS idle,
# time to stop and exit codes.
#   bash bench/container.sh [--offline-base] [--keep]
# Uses `docker` when it reaches an engine, otherwise `podman` (Debian's package; rootful here, with
# runc and chroot isolation for builds, because this machine's cgroups are v1/v2 hybrid).
# --offline-base: where Docker Hub is out of reach (this machine reaches only the npm registry and
#   Debian's packages) a stand-in for node:24-bookworm-slim is made first: a minimal Debian bookworm
#   (debootstrap, trimmed as the slim images are), Node 24 from the npm registry (node_modules/node),
#   npm, the `node` user (uid 1000) and this machine's CA bundle (its TLS proxy). Its size is close to
#   the official image's (about 220 MB), but it is not that image: say so with the figures.
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth; a database royal_container is made anew) and Redis
#   on 127.0.0.1:6379 (the containers use the host network and Redis database 7).
set -euo pipefail
cd "$(dirname "$0")/.."
offline_base=false
keep=false
for arg in "$@"; do
  case "$arg" in
    --offline-base) offline_base=true ;;
    --keep) keep=true ;;
    *) echo "usage: bash bench/container.sh [--offline-base] [--keep]" >&2; exit 2 ;;
  esac
done

if docker info >/dev/null 2>&1; then
  engine=docker
  build_flags=()
elif command -v podman >/dev/null; then
  engine=podman
  build_flags=(--isolation chroot --format docker)
else
  echo "container.sh: neither a Docker engine nor podman (apt-get install podman buildah runc debootstrap)" >&2
  exit 1
fi
run_flags=()
[ "$engine" = podman ] && run_flags=(--runtime runc)
say() { printf '%s\n' "$*"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
now() { date +%s%N; }

base=node:24-bookworm-slim
if $offline_base; then
  base=localhost/node:24-bookworm-slim
  if ! $engine image exists "$base" 2>/dev/null; then
    rootfs=$(mktemp -d)
    say "base: debootstrap bookworm (minbase) into $rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
      "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
    install -m 755 node_modules/node/bin/node "$rootfs/usr/local/bin/node"
    mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/etc" "$rootfs/etc/ssl/certs"
    cp -r "$(npm root -g)/npm" "$rootfs/usr/local/lib/node_modules/npm"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
    echo 'cafile=/etc/ssl/certs/ca-certificates.crt' >"$rootfs/usr/local/etc/npmrc"
    chroot "$rootfs" sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
    tar -C "$rootfs" -c . | $engine import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
      --change 'CMD ["node"]' - "$base" >/dev/null
    rm -rf "$rootfs"
  fi
fi

# A clean clone: the image is built from what is committed, as CI and a registry build would.
ctx=$(mktemp -d)
git clone -q . "$ctx/src"
image=royal-equips:rehearsal
t0=$(now)
$engine build "${build_flags[@]}" --network host --build-arg NODE_IMAGE="$base" -t "$image" "$ctx/src" >"$ctx/build.log" 2>&1 ||
  { tail -30 "$ctx/build.log"; exit 1; }
t1=$(now)
rm -rf "$ctx/src"
size=$($engine image inspect "$image" --format '{{.Size}}')
base_size=$($engine image inspect "$base" --format '{{.Size}}')
modules=$($engine run --rm "${run_flags[@]}" --entrypoint sh "$image" -c 'du -sm node_modules | cut -f1')
say "build: $(secs "$t0" "$t1") s (load $(cut -d' ' -f1-3 /proc/loadavg))"
say "image: $((size / 1000000)) MB (base $((base_size / 1000000)) MB, app layers $(((size - base_size) / 1000000)) MB; node_modules ${modules} MB)"

db=royal_container
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
env_flags=(
  -e DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$db -e REDIS_URL=redis://127.0.0.1:6379/7
  -e SHOPIFY_API_KEY=rehearsal-key -e SHOPIFY_API_SECRET=rehearsal-secret
  -e SHOPIFY_APP_URL=https://royal-equips.example -e SCOPES=read_products
  -e APP_SECRET="$(head -c 48 /dev/urandom | base64 -w0)" -e TOKEN_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
  -e HOST=127.0.0.1
)
names=(re-web-1 re-web-2 re-worker)
cleanup() { $keep || $engine rm -f "${names[@]}" >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup

t0=$(now)
$engine run --rm "${run_flags[@]}" --network host "${env_flags[@]}" "$image" npm run db:migrate >"$ctx/migrate.log" 2>&1 ||
  { cat "$ctx/migrate.log"; exit 1; }
say "migrate: $(secs "$t0" "$(now)") s, $(psql -h 127.0.0.1 -U postgres -d $db -Atc 'SELECT count(*) FROM "_prisma_migrations" WHERE finished_at IS NOT NULL') migrations applied to an empty database"

# Podman without systemd cannot schedule the HEALTHCHECK itself (it says so on every start); it is
# run below with `podman healthcheck run`, as an orchestrator's probe would.
quiet_systemd() { grep -v 'systemd connection' >&2 || true; }
t0=$(now)
$engine run -d "${run_flags[@]}" --name re-web-1 --network host "${env_flags[@]}" -e PORT=3410 "$image" >/dev/null 2> >(quiet_systemd)
$engine run -d "${run_flags[@]}" --name re-web-2 --network host "${env_flags[@]}" -e PORT=3411 "$image" >/dev/null 2> >(quiet_systemd)
$engine run -d "${run_flags[@]}" --name re-worker --network host "${env_flags[@]}" -e WORKER_PORT=3412 -e HEALTH_PORT=3412 \
  "$image" node --enable-source-maps build/node/worker.js >/dev/null 2> >(quiet_systemd)
ports=(3410 3411 3412)
ready_at=("" "" "")
for _ in $(seq 1 240); do
  waiting=0
  for i in 0 1 2; do
    [ -n "${ready_at[$i]}" ] && continue
    if curl -sf "http://127.0.0.1:${ports[$i]}/readyz" >/dev/null; then ready_at[$i]=$(now); else waiting=1; fi
  done
  [ "$waiting" = 0 ] && break
  sleep 0.25
done
for i in 0 1 2; do
  name=${names[$i]}
  if [ -z "${ready_at[$i]}" ]; then
    say "$name: not ready after 60 s"; $engine logs "$name" 2>&1 | tail -20; exit 1
  fi
  say "$name: ready (/readyz 200) $(secs "$t0" "${ready_at[$i]}") s after start"
done
# The image's HEALTHCHECK, run by the engine as the orchestrator would.
for name in "${names[@]}"; do
  if $engine healthcheck run "$name" >/dev/null 2>&1 || [ "$engine" = docker ]; then
    say "$name: HEALTHCHECK $([ "$engine" = docker ] && $engine inspect -f '{{.State.Health.Status}}' "$name" || echo healthy)"
  else
    say "$name: HEALTHCHECK failed"; exit 1
  fi
done
curl -sf http://127.0.0.1:3410/healthz >/dev/null && curl -sf http://127.0.0.1:3411/healthz >/dev/null
say "worker /metrics: $(curl -sf http://127.0.0.1:3412/metrics | grep -cE '^[a-z_]+(\{[^}]*\})? ') samples ($(curl -sf http://127.0.0.1:3412/metrics | grep -oE '^(royal_[a-z_]+|bullmq[a-z_]*)' | sort -u | head -4 | tr '\n' ' '))"
sleep 5
for name in "${names[@]}"; do
  pid=$($engine inspect -f '{{.State.Pid}}' "$name")
  rss=$(ps -o rss= --ppid "$pid" -p "$pid" | awk '{ s += $1 } END { print int(s / 1024) }')
  say "$name: RSS idle ${rss} MB (user $($engine exec "$name" id -un))"
done
for name in "${names[@]}"; do
  t0=$(now)
  $engine stop -t 30 "$name" >/dev/null
  say "$name: SIGTERM -> stopped in $(secs "$t0" "$(now)") s, exit code $($engine inspect -f '{{.State.ExitCode}}' "$name")"
done
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" >/dev/null
redis-cli -n 7 flushdb >/dev/null
rm -rf "$ctx"
