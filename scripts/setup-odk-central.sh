#!/usr/bin/env bash
# Installs the benchmark peer ODK Central (backend only) for bench/bench_server.py:
# Node 24 from the npm registry and ODK Central's backend at a pinned tag, built from a
# local git mirror of its repository, with its production dependencies (`npm ci`).
#
# Benchmark-only: neither `make setup` nor `make test` runs this; `make bench` does and
# carries on without the peer when it fails (bench_server then says why in its Result).
# Idempotent: what is already installed at the pinned versions is kept.
#
#   scripts/setup-odk-central.sh [MIRROR]
#
# MIRROR is a git directory of github.com/getodk/central-backend (default: $ODK_CENTRAL_MIRROR
# or /work/.mirror/getodk+central-backend/repo). Everything goes to $KOFFER_BENCH_CACHE
# (default /var/cache/koffer-bench): node24/ and odk-central-<tag>/. Exit code 0 when
# both are installed, 3 when a prerequisite (npm, the mirror, the tag) is missing.
set -euo pipefail

ODK_TAG="v2026.2.2"
NODE_MAJOR="24"
CACHE="${KOFFER_BENCH_CACHE:-/var/cache/koffer-bench}"
MIRROR="${1:-${ODK_CENTRAL_MIRROR:-/work/.mirror/getodk+central-backend/repo}}"
NODE_PREFIX="$CACHE/node$NODE_MAJOR"
NODE_BIN="$NODE_PREFIX/node_modules/node/bin/node"
ODK_DIR="$CACHE/odk-central-$ODK_TAG"

missing() {
    echo "setup-odk-central: $*" >&2
    exit 3
}

command -v npm >/dev/null || missing "npm is not installed (apt-get install npm)"
command -v git >/dev/null || missing "git is not installed"
mkdir -p "$CACHE"

# --- which commit of the backend: the tag in the mirror, else what is installed -----
STAMP="$ODK_DIR/.koffer-installed"
if git --git-dir="$MIRROR" rev-parse --verify --quiet "$ODK_TAG^{commit}" >/dev/null 2>&1; then
    COMMIT="$(git --git-dir="$MIRROR" rev-parse "$ODK_TAG^{commit}")"
elif [[ -f "$STAMP" ]]; then
    COMMIT="$(cut -d' ' -f1 "$STAMP")" # no mirror now: keep what was installed from it
else
    missing "no git mirror with tag $ODK_TAG at $MIRROR (set ODK_CENTRAL_MIRROR)"
fi

# --- Node 24: the `node` package of the npm registry ships the official binary -------
node_ok() {
    [[ -x "$NODE_BIN" ]] && [[ "$("$NODE_BIN" --version)" == "v$NODE_MAJOR."* ]]
}
if ! node_ok; then
    rm -rf "$NODE_PREFIX"
    npm install --prefix "$NODE_PREFIX" --no-audit --no-fund --no-save "node@$NODE_MAJOR" >&2
    node_ok || missing "npm's node@$NODE_MAJOR did not give a Node $NODE_MAJOR binary at $NODE_BIN"
fi

# --- ODK Central's backend at that commit, on that Node ---------------------------
if [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$COMMIT $("$NODE_BIN" --version)" ]]; then
    git --git-dir="$MIRROR" cat-file -e "$COMMIT^{commit}" 2>/dev/null \
        || missing "no git mirror with $ODK_TAG at $MIRROR to reinstall from (set ODK_CENTRAL_MIRROR)"
    rm -rf "$ODK_DIR" "$ODK_DIR.tmp"
    mkdir -p "$ODK_DIR.tmp"
    git --git-dir="$MIRROR" archive "$COMMIT" | tar -x -C "$ODK_DIR.tmp"
    # Node 24 first in PATH: npm (a node script) and any install step run on it, and the
    # backend's engine-strict .npmrc accepts it. The backend's own .npmrc also sets
    # ignore-scripts; bcrypt ships prebuilt binaries, so nothing needs compiling.
    (cd "$ODK_DIR.tmp" && PATH="$(dirname "$NODE_BIN"):$PATH" \
        npm ci --omit=dev --no-audit --no-fund >&2)
    "$NODE_BIN" -e "require('$ODK_DIR.tmp/node_modules/bcrypt')" \
        || missing "bcrypt's prebuilt binary does not load on this machine"
    echo "$COMMIT $("$NODE_BIN" --version)" >"$ODK_DIR.tmp/.koffer-installed"
    mv "$ODK_DIR.tmp" "$ODK_DIR"
fi

echo "node=$NODE_BIN"
echo "odk_central=$ODK_DIR"
