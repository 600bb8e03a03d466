import { defineConfig } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

// The server under test: the debug build from scripts/build.sh, on its own
// port and a fresh SQLite file, so a portal running on :3000 is not touched.
const port = Number(process.env.E2E_PORT ?? 3100);
const dbFile = path.join(os.tmpdir(), `tsunagu-e2e-${process.pid}-${Date.now()}.db`);
const serverBin = process.env.E2E_SERVER_BIN ?? 'target/debug/tsunagu';
// The built site it serves (relative paths are from the repository root, the
// server's working directory); a copy elsewhere lets a rebuild go on meanwhile.
const siteRoot = process.env.E2E_SITE_ROOT ?? 'target/site';
// Mail goes to this outbox folder (no SMTP here); the tests read the links
// from it. Set once in the main process; workers inherit it.
process.env.E2E_OUTBOX ??= path.join(os.tmpdir(), `tsunagu-e2e-outbox-${process.pid}-${Date.now()}`);

const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  },
  locale: 'ja-JP',
  timezoneId: 'Asia/Tokyo',
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'phone',
      // the link worker's casework runs on a tablet only
      grepInvert: /@tablet-only/,
      use: { ...chromium, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    },
    {
      name: 'tablet',
      grepInvert: /@phone-only/,
      use: { ...chromium, viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    },
  ],
  webServer: {
    command: serverBin,
    cwd: '..',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      DATABASE_URL: `sqlite:${dbFile}`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: siteRoot,
      RUST_LOG: 'warn',
      // the demo town and its accounts (the binary's default is no demo)
      TSUNAGU_DEMO_SEED: '1',
      TSUNAGU_OUTBOX_DIR: process.env.E2E_OUTBOX,
      // no internet here: tiles come from a path that answers 404 at once,
      // which also exercises the pages' no-tiles fallback
      TSUNAGU_TILE_URL: `http://127.0.0.1:${port}/test-tiles/{z}/{x}/{y}.png`,
      // both projects (and retries) send every anonymous form from this one
      // address: the limits are raised, not off (the Rust tests refuse)
      TSUNAGU_SUGGESTION_LIMIT: '100',
      TSUNAGU_RATE_LIMITS: 'registration=100,password-reset=100,mails-to-one-address=100,event-signup=200,problem-report=100,self-referral=100,contribution=200,sign-in-account=100,sign-in-address=1000',
    },
  },
});
