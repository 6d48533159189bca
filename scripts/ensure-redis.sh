#!/bin/sh
# Installs Debian's redis-server when it is missing (the distributed-sweep tests
# start their own on a loopback port). Runs as root (CI), or through sudo.
set -eu
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "redis-server is missing and this user cannot install it: apt-get install redis-server" >&2
  exit 1
fi
echo "installing redis-server (Debian package) for the queue tests..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
command -v redis-server >/dev/null
