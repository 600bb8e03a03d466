import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

// Page-weight budgets (issue 16): everything a phone downloads on a first
// visit with an empty cache, brotli on the wire, until the network is idle
// — `/`, `/activities`, `/activities/<id>`, `/events`, `/events/<id>`,
// `/reports`, `/reports/<id>`, `/about` ≤ 150 KB (≤ 40 KB without islands),
// a health-check question page and its result ≤ 250 KB, `/map` ≤ 300 KB
// (with Leaflet), work pages ≤ 700 KB. bench/page-weight.mjs measures every
// page class in a real Chromium and exits 1 when one is over its budget or
// could not be measured. Sizes are deterministic: this is not a timing test.
//
// The budgets are for the release build a resident gets, while the suite
// serves the test build (profile wasm-dev, wasm-opt -O1: larger modules).
// So each bundle's WebAssembly counts as its release size: the test build's
// bytes times the release/test ratio recorded for that bundle (brotli,
// docs/benchmarks.md, "phone-light client, step 5"). Everything else (HTML,
// CSS, JS, icons, the service worker's precache) is the same in both builds
// and counts as served. When a bundle's code changes much, re-measure its
// ratio (the commands are in docs/benchmarks.md) and update it here; the
// release build's own check is `node end2end/bench/page-weight.mjs
// http://127.0.0.1:3000 --check` against `scripts/run.sh`.
const RELEASE_RATIO = {
  resident: 0.837,
  map: 0.897,
  check: 0.836,
  results: 0.828,
  forms: 0.864,
  write: 0.854,
  casework: 0.806,
  staff: 0.837,
};

test('every page class is within its weight budget @phone-only', async ({ baseURL }) => {
  test.setTimeout(15 * 60_000);
  const bench = path.join(__dirname, '..', 'bench', 'page-weight.mjs');
  const run = spawnSync(process.execPath, [bench, baseURL!, '--check', '--wasm-scale', JSON.stringify(RELEASE_RATIO)], {
    encoding: 'utf8',
    timeout: 14 * 60_000,
    env: process.env,
  });
  console.log(run.stdout);
  if (run.stderr) console.log(run.stderr);
  expect(run.error, 'the bench ran').toBeUndefined();
  expect(run.status, 'every page within its budget (table above)').toBe(0);
});
