#!/usr/bin/env bash
# A newcomer's `npm start` on a fresh clone, timed: clones this repository (its committed HEAD) into
# a temporary directory, runs `npm start` until the app answers, prints every line with the seconds
# since the start, then the same for a second start of the same clone (nothing to install, build,
# seed or sync). Uses its own ports and Redis database so it can run beside a working copy.
# Usage: bash bench/first-run.sh [commit]   (the npm cache makes the install faster than a first ever one)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/repo"
[ -n "${1:-}" ] && git -C "$work/repo" checkout -q "$1"
# The sample product CSVs the seed reads, when the repository has them beside it.
[ -d "$repo/../shared" ] && ln -s "$(cd "$repo/../shared" && pwd)" "$work/shared"
export PORT=${BENCH_PORT:-3199} EMULATOR_URL=http://127.0.0.1:${BENCH_EMULATOR_PORT:-4199}
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13}

run() {
  local label=$1 start pid
  echo "== $label ($(uptime | sed 's/.*load average/load average/'))"
  start=$(date +%s%N)
  # Its own process group, so that stopping it stops the emulator, web app and worker too.
  setsid bash -c 'cd "$0" && exec npm start' "$work/repo" > "$work/$label.log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2> /dev/null && ! grep -q "is running on" "$work/$label.log"; do sleep 0.5; done
  local ready=$((($(date +%s%N) - start) / 1000000))
  # A few seconds more: what the worker does first (a second sync would show here).
  sleep 10
  kill -TERM -- "-$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  grep -E '^\[ *[0-9]+ s\]|added [0-9]+ packages|warn|WARN|ERROR' "$work/$label.log" || true
  echo "ready after $((ready / 1000)).$((ready % 1000 / 100)) s ($(uptime | sed 's/.*load average/load average/'))"
}

run first
run second
redis-cli -u "$REDIS_URL" flushdb > /dev/null 2>&1 || true
