#!/usr/bin/env bash
# Browser tests drive Debian's Chromium with playwright-core (Playwright's own browser download is
# not reachable here). Installs it when missing; needs root (as on CI) or an existing install.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Chromium is missing and this user cannot install it: run 'sudo apt-get install chromium' or set CHROMIUM_PATH" >&2
  exit 1
fi
echo "setup: installing Chromium (apt-get install chromium)"
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
