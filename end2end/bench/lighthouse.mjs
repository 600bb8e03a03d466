// Lighthouse on the resident pages a phone opens first (issue 16), in
// Lighthouse's default mobile mode (Moto G Power emulation, simulated slow 4G
// and 4x CPU slowdown), with Debian's Chromium. Prints a Markdown table.
//
// Usage (server running; deps installed by run-lighthouse.sh):
//   end2end/bench/run-lighthouse.sh http://127.0.0.1:3000
//   node end2end/bench/lighthouse.mjs http://127.0.0.1:3000 [--runs 3] [--out DIR] [--page /map ...]
//     --runs N   run each page N times and print the median of every figure
//     --out DIR  also write each page's Lighthouse report (HTML + JSON) to DIR
//     --page P   measure only these paths (repeatable; default: the five below)
// Environment: CHROMIUM_PATH (default /usr/bin/chromium).
//
// Scores on a 2-core build machine are noisy (TBT especially): compare runs
// made on the same machine, and prefer --runs 3 or more.
import fs from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const PAGES = ['/', '/activities', '/events', '/health-check', '/map'];
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const args = process.argv.slice(2);
let base = null;
let runs = 1;
let out = null;
const only = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--runs') runs = Math.max(1, parseInt(args[++i], 10) || 1);
  else if (a === '--out') out = args[++i];
  else if (a === '--page') only.push(args[++i]);
  else if (a === '-h' || a === '--help') {
    console.log('usage: node lighthouse.mjs BASE_URL [--runs N] [--out DIR] [--page /path ...]');
    process.exit(0);
  } else if (!base) base = a;
  else { console.error(`unknown argument: ${a}`); process.exit(2); }
}
base = (base ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const pages = only.length ? only : PAGES;
if (out) fs.mkdirSync(out, { recursive: true });

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

async function once(url) {
  // a fresh browser (and profile) per run: nothing cached from the last page
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: FLAGS,
    logLevel: 'silent',
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      logLevel: 'error',
      output: out ? ['html', 'json'] : 'json',
      onlyCategories: CATEGORIES,
    });
    const lhr = result.lhr;
    const score = (c) => (lhr.categories[c]?.score == null ? NaN : Math.round(lhr.categories[c].score * 100));
    const num = (a) => lhr.audits[a]?.numericValue ?? NaN;
    return {
      report: result.report,
      error: lhr.runtimeError?.message,
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      seo: score('seo'),
      lcp: num('largest-contentful-paint'),
      tbt: num('total-blocking-time'),
      cls: num('cumulative-layout-shift'),
      warnings: lhr.runWarnings ?? [],
    };
  } finally {
    await chrome.kill();
  }
}

const fmt = {
  score: (x) => (Number.isNaN(x) ? '–' : String(Math.round(x))),
  ms: (x) => (Number.isNaN(x) ? '–' : x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`),
  cls: (x) => (Number.isNaN(x) ? '–' : x.toFixed(3)),
};

const rows = [];
const notes = [];
for (const p of pages) {
  const url = base + p;
  const results = [];
  for (let r = 0; r < runs; r++) {
    process.stderr.write(`lighthouse ${url} (run ${r + 1}/${runs})…\n`);
    try {
      const res = await once(url);
      if (res.error) notes.push(`${p}: ${res.error}`);
      for (const w of res.warnings) notes.push(`${p}: ${w}`);
      if (out) {
        const stem = path.join(out, (p === '/' ? 'home' : p.replace(/^\//, '').replace(/[^\w-]+/g, '_')) + (runs > 1 ? `-${r + 1}` : ''));
        fs.writeFileSync(stem + '.html', res.report[0]);
        fs.writeFileSync(stem + '.json', res.report[1]);
      }
      results.push(res);
    } catch (e) {
      notes.push(`${p}: ${e.message ?? e}`);
    }
  }
  const m = (k) => median(results.map((r) => r[k]));
  rows.push([p, fmt.score(m('performance')), fmt.score(m('accessibility')), fmt.score(m('best-practices')),
    fmt.score(m('seo')), fmt.ms(m('lcp')), fmt.ms(m('tbt')), fmt.cls(m('cls'))]);
}

console.log(`Lighthouse ${runs > 1 ? `(median of ${runs} runs) ` : ''}— mobile (default emulation + simulated throttling), ${base}\n`);
console.log('| page | performance | accessibility | best-practices | SEO | LCP | TBT | CLS |');
console.log('|---|--:|--:|--:|--:|--:|--:|--:|');
for (const r of rows) console.log(`| \`${r[0]}\` | ${r.slice(1).join(' | ')} |`);
if (notes.length) {
  console.log('\nNotes:');
  for (const n of [...new Set(notes)]) console.log(`- ${n}`);
}
