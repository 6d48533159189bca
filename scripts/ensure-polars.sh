#!/bin/sh
# Installs nodejs-polars (a third-party Arrow reader, Rust) for the interop test into
# test/output/.polars, apart from the project's node_modules: its npm package lists
# platform binaries that are not all published, which an entry in package-lock.json
# would make `npm ci` refuse. Linux x64 (glibc) only, like CI.
set -eu
dir="$(dirname "$0")/../test/output/.polars"
if [ -f "$dir/node_modules/nodejs-polars-linux-x64-gnu/package.json" ]; then exit 0; fi
echo "installing nodejs-polars 0.26.1 into test/output/.polars for the interop test..." >&2
mkdir -p "$dir"
npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --silent \
  nodejs-polars@0.26.1 nodejs-polars-linux-x64-gnu@0.26.1 >/dev/null
