#!/usr/bin/env bash
# Installs the harness of test/lsp-vscode.test.ts (VS Code's workbench served by
# code-server, driven by playwright-core) without any download beyond npm.
#
# code-server's own postinstall cannot work offline (@vscode/ripgrep fetches a
# binary from GitHub, kerberos needs libkrb5-dev), so the install scripts are
# skipped and the parts that matter are done by hand: native modules rebuilt
# from source, VS Code's own dependencies installed, Debian's ripgrep (apt-get
# install ripgrep) used as VS Code's search binary. Idempotent: a second run
# with the same lockfile does nothing. Quiet unless a step fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
log="$here/install.log"
stamp="$here/node_modules/.drydock-e2e-installed"
vscode="$here/node_modules/code-server/lib/vscode"

lock_hash="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
  exit 0
fi

step() {
  local what="$1"
  shift
  echo "== $what" >>"$log"
  if ! "$@" >>"$log" 2>&1; then
    echo "test/e2e-vscode/install.sh: $what failed; its output is in $log (last lines below)" >&2
    tail -n 25 "$log" >&2
    exit 1
  fi
}

: >"$log"
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_loglevel=error npm_config_update_notifier=false
rm -f "$stamp"
step "npm ci (code-server and playwright-core, install scripts skipped)" npm ci --ignore-scripts --prefix "$here"
step "rebuild argon2 (code-server's password hashing, compiled from source)" npm rebuild argon2 --prefix "$here"
step "install VS Code's own dependencies" npm install --omit=dev --ignore-scripts --prefix "$vscode"
step "install the dependencies of VS Code's built-in extensions" npm install --omit=dev --ignore-scripts --prefix "$vscode/extensions"
step "rebuild VS Code's native modules (terminal, file watcher, logger)" \
  npm rebuild node-pty @parcel/watcher @vscode/spdlog native-watchdog @vscode/deviceid --prefix "$vscode"

# VS Code's search runs @vscode/ripgrep's bin/rg, which its postinstall would download.
rg_path="$(command -v rg || true)"
if [ -z "$rg_path" ]; then
  echo "test/e2e-vscode/install.sh: ripgrep is missing (apt-get install ripgrep); VS Code's search needs it" >&2
  exit 1
fi
mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
cp "$rg_path" "$vscode/node_modules/@vscode/ripgrep/bin/rg"

# --version writes a config file into the home folder: give it a throwaway one.
check_home="$(mktemp -d)"
step "check: code-server --version" env HOME="$check_home" XDG_CONFIG_HOME="$check_home/config" XDG_DATA_HOME="$check_home/data" \
  node "$here/node_modules/code-server/out/node/entry.js" --version
rm -rf "$check_home"
echo "$lock_hash" >"$stamp"
