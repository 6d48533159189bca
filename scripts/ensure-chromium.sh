#!/bin/sh
# Installs Debian's chromium when /usr/bin/chromium is missing (the dashboard's
# end-to-end test drives it headless through playwright-core). Runs as root (CI),
# or through sudo.
set -eu
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "chromium is missing and this user cannot install it: apt-get install chromium" >&2
  exit 1
fi
echo "installing chromium (Debian package) for the dashboard's end-to-end test..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
test -x /usr/bin/chromium
