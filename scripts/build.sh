#!/usr/bin/env bash
# Builds the site: the WASM client (hydrate) and the server binary.
#   scripts/build.sh [release|debug]   (server profile; default release)
# Output: target/site/{pkg/,sw.js,BUILD_ID,...} and target/<profile>/tsunagu.
# File names under /pkg carry a content hash (the build id), so browsers and
# the service worker never pair new HTML with an old bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=${1:-release}
TOOLS=$PWD/.tools
SITE=target/site
say() { printf '\033[1;34m[build]\033[0m %s\n' "$*" >&2; }

# 1. the client: size-optimised for a release; for the test build (debug) the
# cheaper wasm-dev profile (see Cargo.toml), same code
CLIENT=wasm-release
[[ $PROFILE == release ]] || CLIENT=wasm-dev
OPT=-Oz
[[ $CLIENT == wasm-release ]] || OPT=-O1
ROUTE=$(cat "$TOOLS/wasm-route" 2>/dev/null || echo rustup)
# Islands mode (issue 16, the default): client bundles by audience and page
# kind (see app/src/islands/bundle.rs); TSUNAGU_ISLANDS=0 builds the old
# single bundle hydrating every page (for comparison).
ISLANDS=${TSUNAGU_ISLANDS:-1}
# TSUNAGU_TIMINGS=1: each cargo build also writes its report to
# target/cargo-timings/ (what took how long, on how many cores)
TIMINGS=()
[[ ${TSUNAGU_TIMINGS:-0} == 1 ]] && TIMINGS=(--timings)
mkdir -p target
STAGE=$(mktemp -d target/site-stage.XXXXXX); chmod 755 "$STAGE"
SERVER_PID=""
cleanup() {
  rm -rf "$STAGE"
  if [[ -n $SERVER_PID ]]; then pkill -P "$SERVER_PID" 2>/dev/null || true; kill "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# The server is built beside the clients, not after them: it has its own
# profile directory and lock (target/<profile>, the clients'
# target/wasm32-unknown-unknown/<client profile>), and a release client's last
# step (fat LTO, one codegen unit) and wasm-opt keep only one core busy; the
# server's compilation fills the other. TSUNAGU_SERIAL_BUILD=1 builds one
# after the other (to time them apart).
server() {
  local features=()
  [[ $ISLANDS == 1 ]] || features=(--no-default-features)
  if [[ $PROFILE == release ]]; then
    cargo build -q -p tsunagu --release "${features[@]}" "${TIMINGS[@]}"
  else
    cargo build -q -p tsunagu "${features[@]}" "${TIMINGS[@]}"
  fi
}
if [[ ${TSUNAGU_SERIAL_BUILD:-0} != 1 ]]; then
  say "server (profile $PROFILE), beside the clients"
  server & SERVER_PID=$!
fi

# client NAME FEATURES: build the wasm32 library with FEATURES and write
# $STAGE/pkg/NAME.js + NAME_bg.wasm (bindgen + wasm-opt)
client() {
  local name=$1 features=$2
  say "client $name (wasm32, profile $CLIENT, features $features, route $ROUTE)"
  if [[ $ROUTE == debian-web ]]; then
    RUSTC_BOOTSTRAP=1 cargo +debian-web build -q -p tsunagu-app --lib --target wasm32-unknown-unknown \
      --profile $CLIENT --no-default-features --features "$features" -Zbuild-std=std,panic_abort "${TIMINGS[@]}"
  else
    cargo build -q -p tsunagu-app --lib --target wasm32-unknown-unknown \
      --profile $CLIENT --no-default-features --features "$features" "${TIMINGS[@]}"
  fi
  wasm-bindgen --target web --no-typescript --out-dir "$STAGE/pkg" --out-name "$name" \
    "target/wasm32-unknown-unknown/$CLIENT/tsunagu_app.wasm"
  "$TOOLS/node_modules/.bin/wasm-opt" $OPT --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    "$STAGE/pkg/${name}_bg.wasm" -o "$STAGE/pkg/${name}_bg.opt.wasm"
  mv "$STAGE/pkg/${name}_bg.opt.wasm" "$STAGE/pkg/${name}_bg.wasm"
  # the inline JavaScript snippets differ per bundle (same crate, other
  # features): each bundle gets its own folder, named by the build id below
  if [[ -d $STAGE/pkg/snippets ]]; then
    mv "$STAGE/pkg/snippets" "$STAGE/pkg/${name}-snippets"
    # only the import statements: the wasm module's own import names stay
    sed -i "/^import / s#\./snippets/#./${name}-snippets/#" "$STAGE/pkg/$name.js"
  fi
}
if [[ $ISLANDS == 1 ]]; then
  # one bundle per audience and page kind, smallest first; the list and the
  # features are app/src/islands/bundle.rs's BUNDLES (a unit test compares)
  client tsunagu-resident hydrate,islands
  client tsunagu-map hydrate,islands,map
  client tsunagu-check hydrate,islands,check
  client tsunagu-results hydrate,islands,results
  client tsunagu-forms hydrate,islands,forms
  client tsunagu-write hydrate,islands,forms,write
  client tsunagu-casework hydrate,islands,forms,casework
  client tsunagu-staff hydrate,islands,forms,staff
else
  client tsunagu hydrate
fi
cp style/main.css "$STAGE/pkg/tsunagu.css"

# 2. name everything by the content hash: /pkg/tsunagu-<id>[-<bundle>].js,
# …_bg.wasm and tsunagu-<id>.css
ID=$(cat "$STAGE"/pkg/*.js "$STAGE"/pkg/*.wasm "$STAGE/pkg/tsunagu.css" public/sw.js public/pwa.js \
  $(find "$STAGE/pkg" -path '*-snippets/*' -type f | sort) | sha256sum | cut -c1-16)
for f in "$STAGE"/pkg/tsunagu*; do
  base=$(basename "$f"); rest=${base#tsunagu}
  mv "$f" "$STAGE/pkg/tsunagu-$ID$rest"
done
# the bundles' imports of their snippet folders follow the new names
for f in "$STAGE"/pkg/*.js; do
  sed -i "/^import / s#\./tsunagu\([-a-z]*\)-snippets/#./tsunagu-$ID\1-snippets/#" "$f"
done
for f in "$STAGE"/pkg/*.js "$STAGE"/pkg/*.wasm "$STAGE"/pkg/*.css $(find "$STAGE/pkg" -path '*-snippets/*' -name '*.js'); do
  gzip -9 -k -f "$f"
  brotli -q 11 -f -k "$f"
done

# 3. static files and the service worker with its precache list
cp -r public/. "$STAGE/"
# Leaflet (+ marker clustering) from npm, served as /vendor/leaflet/… (versioned
# folder names, so they can be cached long)
VENDOR=scripts/vendor/node_modules
if [[ -d $VENDOR/leaflet/dist ]]; then
  LEAFLET="$STAGE/vendor/leaflet-$(node -p "require('./$VENDOR/leaflet/package.json').version")"
  mkdir -p "$LEAFLET"
  cp -r "$VENDOR/leaflet/dist/leaflet.js" "$VENDOR/leaflet/dist/leaflet.css" "$VENDOR/leaflet/dist/images" "$LEAFLET/"
  cp "$VENDOR/leaflet.markercluster/dist/leaflet.markercluster.js" "$VENDOR/leaflet.markercluster/dist/MarkerCluster.css" \
    "$VENDOR/leaflet.markercluster/dist/MarkerCluster.Default.css" "$LEAFLET/"
  for f in "$LEAFLET"/*.js "$LEAFLET"/*.css; do gzip -9 -k -f "$f"; brotli -q 11 -f -k "$f"; done
fi
# the service worker keeps the shell at install (small), and the offline pack
# when a page asks once it has settled (public/pwa.js): the health check and
# the map with their bundles (questions, results, map) and Leaflet, so both work offline later
# (/health-check/results/_ stands in for any result page: the result is read
# from the device, so every result page has the same HTML)
json_list() { local out; out=$(printf '"%s",' "$@"); echo "[${out%,}]"; }
PRECACHE=$(json_list / /offline.html /manifest.webmanifest /icons/icon.svg \
  /icons/icon-192.png /icons/favicon-32.png /pwa.js "/pkg/tsunagu-$ID.css")
PACK=$(json_list /health-check /health-check/positive-health-quick /health-check/positive-health-full \
  /health-check/social-needs /health-check/history /health-check/results/_ /map \
  $(cd "$STAGE" && find vendor -maxdepth 2 -type f \( -name '*.js' -o -name '*.css' \) -printf '/%p ' 2>/dev/null) \
  $(cd "$STAGE" && find pkg -type f \( -path "pkg/tsunagu-$ID-check*" -o -path "pkg/tsunagu-$ID-results*" -o -path "pkg/tsunagu-$ID-map*" \) \( -name '*.js' -o -name '*.wasm' \) -printf '/%p '))
sed -e "s|__BUILD_ID__|$ID|" -e "s|__PRECACHE__|$PRECACHE|" -e "s|__OFFLINE_PACK__|$PACK|" public/sw.js > "$STAGE/sw.js"
echo "$ID" > "$STAGE/BUILD_ID"

# swap in atomically-ish: a running server keeps serving until restarted
rm -rf "$SITE.old"; [[ -d $SITE ]] && mv "$SITE" "$SITE.old"
mv "$STAGE" "$SITE"; rm -rf "$SITE.old"
for w in "$SITE"/pkg/*_bg.wasm; do
  say "client $(basename "$w"): $(stat -c %s "$w") bytes wasm, $(stat -c %s "$w.br") brotli"
done

# 4. the server
if [[ -n $SERVER_PID ]]; then
  say "waiting for the server build"
  if ! wait "$SERVER_PID"; then SERVER_PID=""; echo "the server build failed" >&2; exit 1; fi
  SERVER_PID=""
else
  say "server (profile $PROFILE)"
  server
fi
say "built: target/site and the server ($PROFILE)"
