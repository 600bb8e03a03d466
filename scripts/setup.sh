#!/usr/bin/env bash
# Installs what this project needs and is missing; quiet when all is present.
#   scripts/setup.sh          tools to build and run (wasm target, wasm-bindgen,
#                             wasm-opt, brotli)
#   scripts/setup.sh --test   also what the tests need (Chromium, a Japanese
#                             font, Playwright)
# Idempotent. Uses sudo only when not root. Never downloads from hosts other
# than the package registries (crates.io, npm, Debian). See ../shared/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLS="$ROOT/.tools"
mkdir -p "$TOOLS"
WITH_TESTS=0
[[ "${1:-}" == "--test" ]] && WITH_TESTS=1

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

APT_UPDATED=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  say "installing Debian packages: ${missing[*]}"
  if [[ $APT_UPDATED -eq 0 ]]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

# --- base tools --------------------------------------------------------------
command -v cargo >/dev/null || { echo "cargo (rustup) is required: it is part of this machine kind" >&2; exit 1; }
command -v npm >/dev/null || apt_install nodejs npm
command -v brotli >/dev/null || apt_install brotli

# --- wasm32 target: route 1 (rustup), route 2 (Debian rustc-web + build-std) --
# The result is remembered in .tools/wasm-route for scripts/build.sh.
if [[ ! -f "$TOOLS/wasm-route" ]] || ! grep -q . "$TOOLS/wasm-route"; then
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo rustup > "$TOOLS/wasm-route"
  else
    say "adding the wasm32-unknown-unknown target with rustup (can take minutes)"
    if timeout 900 rustup target add wasm32-unknown-unknown; then
      echo rustup > "$TOOLS/wasm-route"
    else
      say "rustup could not add the target; falling back to Debian's rustc-web + build-std"
      apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22
      rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr
      echo debian-web > "$TOOLS/wasm-route"
    fi
  fi
fi

# --- wasm-bindgen-cli at exactly the version in Cargo.lock --------------------
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]]; then
  say "installing wasm-bindgen-cli $WB_VERSION (about a minute)"
  # No --locked: its lockfile pins a webpki-roots the registry here lacks.
  # --debug: compiles in ≈ 1 min instead of ≈ 3 (2 cores); it then takes
  # 0.5–2.5 s per bundle instead of 0.1–0.6 s, with the same output
  # (docs/benchmarks.md, issue 16, step 4).
  cargo install -q wasm-bindgen-cli --version "$WB_VERSION" --force --debug
fi

# --- wasm-opt from npm's binaryen (Debian's is too old: breaks hydration) -----
BINARYEN_VERSION=132.0.0
if [[ "$("$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]]; then
  say "installing wasm-opt (npm binaryen $BINARYEN_VERSION) into .tools"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION" >/dev/null
fi

# --- browser libraries served from our own site (no CDN): Leaflet ---------------
if [[ ! -d scripts/vendor/node_modules/leaflet.markercluster ]] || [[ scripts/vendor/package-lock.json -nt scripts/vendor/node_modules/.package-lock.json ]]; then
  say "installing Leaflet and Leaflet.markercluster (npm) into scripts/vendor"
  npm ci --silent --no-audit --no-fund --prefix scripts/vendor >/dev/null
fi

# --- test tools ------------------------------------------------------------------
if [[ $WITH_TESTS -eq 1 ]]; then
  command -v chromium >/dev/null || apt_install chromium
  # Japanese text in the browser tests renders with a real CJK font, as on a
  # phone (without one, line breaks and widths are not those people see)
  apt_install fonts-noto-cjk
  if [[ ! -d end2end/node_modules/@playwright/test ]] || [[ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]]; then
    say "installing the Playwright test runner (npm; uses Debian's chromium, downloads no browser)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund --prefix end2end >/dev/null
  fi
fi
exit 0
