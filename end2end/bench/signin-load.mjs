// Sign-ins beside page views (issue 17, finding 6): argon2 must not stall
// the requests served beside it. Measures `/activities` with wrk twice: alone,
// then while N parallel loops sign in as a demo account (the correct password,
// so every attempt hashes and none is throttled), and prints the latencies
// and the p99 ratio (goal: ≤ 2×). Against a running server in demo mode, with
// the sign-in throttle raised (20 parallel sign-ins to one account from one
// address are otherwise mostly refused before hashing, which would measure
// nothing): TSUNAGU_RATE_LIMITS=sign-in-account=100000,sign-in-address=100000
//   node end2end/bench/signin-load.mjs http://127.0.0.1:3400 [--signins 20] [--seconds 15] [--connections 20]
// Needs `wrk` (Debian package; installed here when missing).
import { spawnSync, spawn } from 'node:child_process';

const args = process.argv.slice(2);
const base = (args.find((a) => a.startsWith('http')) || 'http://127.0.0.1:3000').replace(/\/$/, '');
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
const signins = opt('--signins', 20), seconds = opt('--seconds', 15), connections = opt('--connections', 20);
const email = process.env.BENCH_EMAIL || 'resident@midorino.example.jp';
const password = process.env.TSUNAGU_DEMO_STAFF_PASSWORD || 'midorino-staff';

if (spawnSync('sh', ['-c', 'command -v wrk']).status !== 0) {
  const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : '';
  console.error('installing wrk (Debian)…');
  spawnSync('sh', ['-c', `${sudo}apt-get install -y -qq wrk >/dev/null`], { stdio: 'inherit' });
}

function wrk() {
  return new Promise((resolve, reject) => {
    const p = spawn('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', `${base}/activities`]);
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('error', reject);
    p.on('close', () => {
      const ms = (label) => {
        const m = out.match(new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)`, 'm'));
        if (!m) return NaN;
        return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
      };
      const rps = Number((out.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
      resolve({ p50: ms('50%'), p99: ms('99%'), rps, raw: out });
    });
  });
}

async function signInLoop(stop, counts) {
  const body = new URLSearchParams({ email, password, next: '' }).toString();
  while (!stop.done) {
    const t = Date.now();
    const r = await fetch(`${base}/api/accounts/login`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body,
    });
    const text = await r.text();
    counts.n++; counts.ms += Date.now() - t;
    // a refusal (429, or "Locked" by the sign-in throttle) hashed nothing
    if (!(r.status < 400) || !text.includes('SignedIn')) counts.failed++;
  }
}

const alone = await wrk();
const stop = { done: false }, counts = { n: 0, ms: 0, failed: 0 };
const loops = Array.from({ length: signins }, () => signInLoop(stop, counts));
await new Promise((r) => setTimeout(r, 1000)); // the sign-ins under way first
const beside = await wrk();
stop.done = true;
await Promise.all(loops);

const f = (x) => x.toFixed(1);
console.log(`/activities, wrk -c${connections} ${seconds}s (${base})\n`);
console.log('| | req/s | p50 ms | p99 ms |');
console.log('|---|--:|--:|--:|');
console.log(`| alone | ${f(alone.rps)} | ${f(alone.p50)} | ${f(alone.p99)} |`);
console.log(`| beside ${signins} parallel sign-ins | ${f(beside.rps)} | ${f(beside.p50)} | ${f(beside.p99)} |`);
console.log(`\nsign-ins: ${counts.n} (${counts.failed} refused), mean ${f(counts.ms / Math.max(1, counts.n))} ms each`);
const ratio = beside.p99 / alone.p99;
console.log(`p99 ratio beside/alone: ${ratio.toFixed(2)} (goal ≤ 2)`);
process.exit(Number.isFinite(ratio) && ratio <= 2 ? 0 : 1);
