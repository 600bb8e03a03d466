import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as fs from 'node:fs';
import { DEMO_PASSWORD, newestLink, openVault } from './helpers';

// Issue 16: no page of the app scrolls sideways on a phone or a tablet, at
// the normal and at the largest text size; the resident pages pass axe-core.
//
// Many pages ship no WebAssembly (or hydrate late), so nothing here waits for
// `html[data-hydrated]`: a page counts as shown once it has loaded and the
// network is idle; only the pages the browser itself draws (the self-check,
// the link worker's case) also wait for their content. Signing in, and the
// data the pages need (a published report, a sign-up, mail links...), go
// through the server's API, not through forms that need the client.
//
// The sweep sets its own viewport, so it runs in the phone project only.

const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
  { width: 820, height: 1180 },
];

type Role = 'anonymous' | 'resident' | 'staff' | 'admin' | 'editor' | 'writer' | 'linkworker' | 'lead' | 'clinic';
const ROLES: Role[] = ['anonymous', 'resident', 'staff', 'admin', 'editor', 'writer', 'linkworker', 'lead', 'clinic'];
const email = (role: Role) => `${role}@midorino.example.jp`;

/**
 * A page to look at: its path, the status it answers with (when not 200) and,
 * for pages drawn in the browser, what shows once it is drawn.
 */
interface Visit { path: string; status?: number; ready?: string }

/** Ids and one-time links found in (or made in) the demo data. */
interface Found {
  activity: string; resource: string; event: string; signup: string;
  report: string; writer: string; draft: string;
  organisation: string; staffEvent: string; staffResource: string;
  caseId: string; referralLink: string; diaryGroup: string;
  resetToken: string; confirmToken: string; inviteToken: string;
}

const base = () => test.info().project.use.baseURL!;

/** Sign `ctx` in through the API (no form, no client code needed). */
async function signInContext(ctx: BrowserContext, role: Role) {
  if (role === 'anonymous') return;
  const res = await ctx.request.post('/api/accounts/login', {
    form: { email: email(role), password: DEMO_PASSWORD, next: '' },
    headers: { Origin: base() },
  });
  expect(res.ok(), `sign in as ${role}`).toBeTruthy();
}

/** A server function called as `role` in a context of its own; the parsed JSON answer. */
async function callAs(browser: Browser, role: Role, path: string, form: Record<string, string>) {
  const ctx = await browser.newContext({ baseURL: base() });
  try {
    await signInContext(ctx, role);
    const res = await ctx.request.post(path, { form, headers: { Origin: base() } });
    const text = await res.text();
    expect(res.ok(), `${role} ${path}: ${res.status()} ${text.slice(0, 200)}`).toBeTruthy();
    return JSON.parse(text);
  } finally {
    await ctx.close();
  }
}

/** The first capture of `pattern` in the server-rendered HTML of `path`, read as `role`. */
async function firstIn(browser: Browser, role: Role, path: string, pattern: RegExp): Promise<string> {
  const ctx = await browser.newContext({ baseURL: base() });
  try {
    await signInContext(ctx, role);
    const res = await ctx.request.get(path);
    expect(res.ok(), `${role} GET ${path}`).toBeTruthy();
    const m = (await res.text()).match(pattern);
    expect(m, `${pattern} in ${path}`).not.toBeNull();
    return m![1];
  } finally {
    await ctx.close();
  }
}

const tokenOf = (link: string) => link.split('/').pop()!.split(/[?#]/)[0];

let found: Promise<Found> | undefined;

/**
 * Find (and where the demo has none, make) what the pages with ids need. Once
 * per test run: kept in a file beside the run's mail folder, so a worker that
 * starts again after a failure does not sign up for the event again.
 */
function discover(browser: Browser): Promise<Found> {
  const file = `${process.env.E2E_OUTBOX}-layout-ids.json`;
  found ??= fs.existsSync(file) ? Promise.resolve(JSON.parse(fs.readFileSync(file, 'utf8'))) : (async () => {
    const stamp = `${test.info().project.name}-${Date.now() % 1_000_000}`;
    const activity = await firstIn(browser, 'anonymous', '/activities?q=' + encodeURIComponent('ラジオ体操'), /href="\/activities\/(\d+)"/);
    const resource = await firstIn(browser, 'anonymous', '/map?res=all', /href="\/resources\/(\d+)"/);
    const event = await firstIn(browser, 'anonymous', '/events?range=week', /href="\/events\/(\d+)"(?:(?!<\/a>)[^])*?フレイル予防教室/);
    const toys = await firstIn(browser, 'anonymous', '/events?range=month', /href="\/events\/(\d+)"(?:(?!<\/a>)[^])*?親子でつくる木のおもちゃ/);
    const signedUp = await callAs(browser, 'anonymous', '/api/events/sign-up', {
      event_id: toys, 'form[name]': '山田 花子', 'form[contact]': '0796-00-1234', 'form[people]': '1',
      'form[note]': '', 'form[consent]': 'true', website: '',
    });
    expect(signedUp.Confirmed, JSON.stringify(signedUp)).toBeTruthy();

    // a published report (the demo has none) and its writer's page; a draft for /write/<id>
    const report = (title: string) => ({
      'form[title]': title, 'form[lead]': '土曜のお昼、公民館に30人が集まりました。',
      'form[body]': '## はじまり\n\nボランティアの**高校生**が配膳を手伝ってくれました。とても長いURLも試します: https://example.jp/' + 'a'.repeat(120),
      'form[cover_id]': '', 'form[district]': 'chuo', 'form[tags]': 'こども食堂、ボランティア', 'form[activity_ids]': activity, version: '0',
    });
    const saved = await callAs(browser, 'writer', '/api/reports/save', report(`こども食堂の一日 ${stamp}`));
    const reportId = String(saved.Saved.id);
    await callAs(browser, 'writer', '/api/reports/act', { id: reportId, action: 'submit', comment: '' });
    await callAs(browser, 'editor', '/api/reports/act', { id: reportId, action: 'publish', comment: '' });
    const draft = String((await callAs(browser, 'writer', '/api/reports/save', report(`下書き ${stamp}`))).Saved.id);
    const writer = await firstIn(browser, 'anonymous', `/reports/${reportId}`, /href="\/writers\/([^"?#]+)"/);

    // something waiting in the staff queues
    await callAs(browser, 'anonymous', '/api/activities/report-problem', { activity_id: activity, kind: 'place', note: '会場が2階に変わりました', website: '' });
    await callAs(browser, 'anonymous', '/api/suggestions/send', {
      'form[target]': 'place', 'form[name]': `川べりのベンチ ${stamp}`, 'form[good]': '朝、だれかが座っていて、あいさつできます。',
      'form[kind]': 'park', 'form[address]': '駅前通り', 'form[latitude]': '', 'form[longitude]': '', 'form[photo_id]': '',
      'form[contact]': '', 'form[website]': '',
    });

    // casework: the demo case; a referral waiting in the intake queue; form ② sent to the clinic; a one-time link
    const caseId = await firstIn(browser, 'linkworker', '/casework', /href="\/casework\/cases\/(\d+)"/);
    const diaryGroup = await firstIn(browser, 'linkworker', '/diary', /href="\/diary\/(\d+)"/);
    await callAs(browser, 'clinic', '/api/casework/refer', {
      'form[source]': 'clinic', 'form[name]': `みどり 花子 ${stamp}`, 'form[sex]': 'female', 'form[birth_date]': 'S23.5.3',
      'form[district]': 'kitayama', 'form[concerns]': 'low_mood', 'form[consent]': 'self', 'form[consent_date]': '2026-11-30',
    });
    // form ② needs the person's agreement on the case: recorded as the tablet would (outbox sync)
    const field = (name: string, value: string, seq: number) => ({
      client_id: `layout-${stamp}-${seq}`, case_id: Number(caseId), seq, written_at: new Date().toISOString(),
      change: { kind: 'field', field: name, value, base_revision: 0 },
    });
    const worker = await browser.newContext({ baseURL: base() });
    await signInContext(worker, 'linkworker');
    const synced = await worker.request.post('/api/casework/sync', {
      data: { device_id: `layout-${stamp}`, items: [
        field('report_agreed', 'yes', 1),
        field('main_support', '週1回の訪問。畑の手入れを一緒に。地区の百歳体操（北山公民館、毎週水曜10時）を紹介し、2回参加。', 2),
        field('plan', '3か月後に振り返り。長女と月1回の電話を続ける。', 3),
      ] },
      headers: { Origin: base() },
    });
    expect(synced.ok(), `sync: ${await synced.text()}`).toBeTruthy();
    await worker.close();
    const sent = await callAs(browser, 'linkworker', '/api/casework/send-feedback', { case_id: caseId });
    expect(sent.Sent, JSON.stringify(sent)).toBeTruthy();
    const link = await callAs(browser, 'lead', '/api/casework/referral-link', { institution: '北山診療所' });
    const referralLink = new URL(link.Ok).search;

    // the pages mail links open: confirm an address, reset a password, accept an invitation
    await callAs(browser, 'anonymous', '/api/accounts/register', {
      'form[email]': `layout-${stamp}@example.jp`, 'form[display_name]': 'はな', 'form[password]': 'midori-no-sanpo',
      'form[password_again]': 'midori-no-sanpo', 'form[agree]': 'true', 'form[website]': '',
    });
    const confirmToken = tokenOf(newestLink('/account/confirm/'));
    await callAs(browser, 'anonymous', '/api/accounts/forgot', { email: email('resident') });
    const resetToken = tokenOf(newestLink('/password/reset/'));
    await callAs(browser, 'admin', '/api/accounts/invite', { 'form[email]': `invited-${stamp}@example.jp`, 'form[roles][writer]': 'true' });
    const inviteToken = tokenOf(newestLink('/invite/'));

    const ids: Found = {
      activity, resource, event, signup: signedUp.Confirmed.token, report: reportId, writer, draft,
      organisation: await firstIn(browser, 'staff', '/staff/organisations', /href="\/staff\/organisations\/(\d+)"/),
      staffEvent: await firstIn(browser, 'staff', '/staff/events', /href="\/staff\/events\/(\d+)"/),
      staffResource: await firstIn(browser, 'staff', '/staff/resources', /href="\/staff\/resources\/(\d+)"/),
      caseId, referralLink, diaryGroup, resetToken, confirmToken, inviteToken,
    };
    fs.writeFileSync(file, JSON.stringify(ids));
    return ids;
  })();
  return found;
}

/** Every route of the app (app/src/app.rs), as the role that may see it. */
function routes(f: Found): Record<Role, Visit[]> {
  const check = '[data-testid="check"][data-ready="true"]';
  return {
    anonymous: [
      { path: '/' },
      { path: '/activities' },
      { path: '/activities?q=' + encodeURIComponent('サロン') + '&district=kitayama' },
      { path: `/activities/${f.activity}` },
      { path: '/map' },
      { path: '/map?res=all' },
      { path: `/resources/${f.resource}` },
      { path: '/suggest' },
      { path: '/events' },
      { path: '/events?range=week' },
      { path: '/events?view=calendar' },
      { path: `/events/${f.event}` },
      { path: `/events/signup/${f.signup}` },
      { path: '/health-check' },
      { path: '/health-check/positive-health-quick', ready: check },
      { path: '/health-check/social-needs', ready: check },
      // the result page and history: drawn from this device; see answerQuick below
      { path: '/login' },
      { path: '/register' },
      { path: '/password/forgot' },
      { path: `/password/reset/${f.resetToken}` },
      { path: `/account/confirm/${f.confirmToken}` },
      { path: `/invite/${f.inviteToken}` },
      { path: '/account/deleted' },
      { path: '/reports' },
      { path: `/reports/${f.report}` },
      { path: '/writers' },
      { path: `/writers/${f.writer}` },
      { path: '/about' },
      { path: '/about/social-prescribing' },
      { path: '/about/link-worker' },
      { path: '/about/community-nurse' },
      { path: '/refer', status: 401 }, // asks to sign in (or for a referral link)
      { path: `/refer${f.referralLink}` },
      { path: '/refer/print' },
      { path: '/points/code' },
      { path: '/no-such-page', status: 404 },
    ],
    resident: [{ path: '/account' }, { path: '/points' }, { path: '/points/rewards/1' }, { path: '/diary' }, { path: `/diary/${f.diaryGroup}` }],
    staff: [
      { path: '/staff' },
      { path: '/staff/import' },
      { path: '/staff/organisations' },
      { path: '/staff/organisations/new' },
      { path: `/staff/organisations/${f.organisation}` },
      { path: '/staff/events' },
      { path: '/staff/events/new' },
      { path: `/staff/events/${f.staffEvent}` },
      { path: '/staff/activities/new' },
      { path: `/staff/activities/${f.activity}` },
      { path: '/staff/resources' },
      { path: '/staff/resources/new' },
      { path: `/staff/resources/${f.staffResource}` },
      { path: '/staff/suggestions' },
      { path: '/staff/statistics' },
      { path: '/staff/pages' },
      { path: '/staff/pages/link-worker' },
      { path: '/staff/organisers' },
      { path: '/staff/rewards' },
      { path: `/organise/session/e${f.staffEvent}` },
      { path: `/organise/session/e${f.staffEvent}/poster?size=a4` },
    ],
    admin: [{ path: '/staff/users' }, { path: '/staff/audit' }],
    editor: [{ path: '/staff/reports' }, { path: `/staff/reports/${f.report}` }, { path: '/staff/users' }],
    writer: [{ path: '/write' }, { path: `/write/${f.draft}` }, { path: '/write/new' }],
    linkworker: [
      { path: '/casework' },
      { path: `/casework/cases/${f.caseId}`, ready: '[data-testid="person"]' },
      { path: `/casework/cases/${f.caseId}/form1` },
      { path: '/diary' },
      { path: `/diary/${f.diaryGroup}` },
      { path: `/diary/${f.diaryGroup}/booklet` },
      { path: '/refer' },
    ],
    lead: [{ path: '/casework' }, { path: '/casework/intake' }],
    clinic: [{ path: '/refer' }, { path: '/refer/feedback' }],
  };
}

/** Open `path` and wait until it is shown (loaded, network idle, fonts in, drawn content there). */
async function show(page: Page, visit: Visit) {
  const res = await page.goto(visit.path);
  expect(res, visit.path).not.toBeNull();
  expect(res!.status(), `${visit.path} answers`).toBe(visit.status ?? 200);
  await page.waitForLoadState('networkidle');
  // a casework page's vault lock: the PIN, then the page behind it
  if (await page.locator('[data-testid^="vault-"]').count()) await openVault(page);
  if (visit.ready) await expect(page.locator(visit.ready).first(), `${visit.path} is drawn`).toBeVisible();
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/**
 * How far the page scrolls sideways (0 when it does not) and, when it does,
 * the widest element sticking out past the right edge and the innermost ones
 * (those with no such element inside: usually the cause), by selector.
 */
async function sideways(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const overflow = root.scrollWidth - width;
    if (overflow <= 0) return { overflow: 0, widest: '', innermost: [] as string[] };
    const name = (e: Element) => {
      let s = e.tagName.toLowerCase();
      if (e.id) return `${s}#${CSS.escape(e.id)}`;
      const testid = e.getAttribute('data-testid');
      if (testid) s += `[data-testid="${testid}"]`;
      for (const c of Array.from(e.classList).slice(0, 3)) s += `.${CSS.escape(c)}`;
      return s;
    };
    const selector = (e: Element) => {
      const parts: string[] = [];
      for (let n: Element | null = e; n && n !== document.body && parts.length < 4; n = n.parentElement) {
        parts.unshift(name(n));
        if (n.id) break;
      }
      return parts.join(' > ');
    };
    // inside a box that clips or scrolls sideways, or in a fixed bar (which
    // follows the visual viewport), an element does not widen the page
    const contained = (e: Element) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX !== 'visible' || style.position === 'fixed') return true;
      }
      return false;
    };
    const out: { e: Element; width: number; right: number }[] = [];
    for (const e of Array.from(document.body.querySelectorAll('*'))) {
      const r = e.getBoundingClientRect();
      const right = r.right + window.scrollX;
      if (r.width === 0 || right <= width + 0.5) continue;
      if (getComputedStyle(e).position === 'fixed' || contained(e)) continue;
      out.push({ e, width: r.width, right });
    }
    const describe = (o: { e: Element; width: number; right: number }) =>
      `${selector(o.e)} (${Math.round(o.width)} px wide, right edge at ${Math.round(o.right)} px)`;
    const widest = [...out].sort((a, b) => b.width - a.width)[0];
    const innermost = out.filter((o) => !out.some((p) => p !== o && o.e.contains(p.e))).sort((a, b) => b.right - a.right);
    return {
      overflow,
      widest: widest ? describe(widest) : '(no element found: a pseudo-element or a margin?)',
      innermost: innermost.slice(0, 5).map(describe),
    };
  });
}

/**
 * Content-Security-Policy violations the browser reports on this page (the
 * server's policy is on for every response, issue 17): each blocked script,
 * style, image or connection, by directive and source.
 */
async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

/** Check every visit at one viewport; every failure is reported (soft), each by page. */
async function sweep(page: Page, visits: Visit[], viewport: { width: number; height: number }) {
  await page.setViewportSize(viewport);
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
  });
  const refused: string[] = [];
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) refused.push(m.text()); });
  for (const visit of visits) {
    await test.step(`${visit.path} at ${viewport.width}×${viewport.height}`, async () => {
      refused.length = 0;
      await show(page, visit);
      const csp = await cspViolations(page);
      expect.soft([...csp, ...refused], `${visit.path}: the Content-Security-Policy refused something`).toEqual([]);
      // what is folded away counts too (filters, forms, the header's settings panel)
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      const s = await sideways(page);
      expect.soft(s.overflow, `${visit.path} at ${viewport.width}×${viewport.height} scrolls sideways by ${s.overflow} px; ` +
        `widest: ${s.widest}; innermost: ${s.innermost.join(' | ')}`).toBe(0);
    });
  }
}

/** Take the quick self-check in this browser (drawn by the client); the result page's path. */
async function answerQuick(page: Page, values: number[]) {
  await page.goto('/health-check/positive-health-quick');
  await expect(page.getByTestId('check')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  for (let i = 0; i < values.length; i++) {
    await expect(page.getByTestId('progress')).toHaveText(`${i + 1} / 6`);
    await page.locator('.scale').getByRole('button', { name: String(values[i]), exact: true }).click();
  }
  await page.getByTestId('see-result').click();
  await expect(page).toHaveURL(/\/health-check\/results\/[^/]+$/);
  return new URL(page.url()).pathname;
}

test.describe('no page scrolls sideways @phone-only', () => {
  test.use({ serviceWorkers: 'block' });

  for (const viewport of VIEWPORTS) {
    const size = `${viewport.width}×${viewport.height}`;
    for (const role of ROLES) {
      test(`${size}: ${role === 'anonymous' ? 'resident pages, signed out' : `as ${role}@`}`, async ({ page, context, browser }) => {
        test.setTimeout(300_000);
        const f = await discover(browser);
        await signInContext(context, role);
        const visits = routes(f)[role];
        if (role === 'anonymous') {
          // the result page and the history are kept on this device: make one first
          const result = await answerQuick(page, [6, 7, 4, 8, 2, 5]);
          visits.push({ path: result, ready: '[data-testid="spider"] svg' }, { path: '/health-check/history', ready: '[data-testid="history"]' });
        }
        if (role === 'resident') {
          // a self-check result saved to the account
          await answerQuick(page, [5, 5, 5, 5, 5, 5]);
          await page.getByTestId('save-account').getByRole('button').click();
          await expect(page.getByTestId('saved-to-account')).toBeVisible();
          const saved = await firstIn(browser, 'resident', '/account', /href="(\/account\/checks\/\d+)"/);
          visits.push({ path: saved, ready: '[data-testid="spider"] svg' });
        }
        await sweep(page, visits, viewport);
      });
    }
  }

  // the largest text size (150 %): a few pages of each kind, phone and tablet
  for (const viewport of [VIEWPORTS[0], VIEWPORTS[2]]) {
    test(`${viewport.width}×${viewport.height} at the largest text size`, async ({ page, context, browser }) => {
      test.setTimeout(300_000);
      const f = await discover(browser);
      await context.addCookies([{ name: 'tsunagu_text_size', value: 'xlarge', url: base() }]);
      // exact paths, or every path under one ending in '/'
      const pick = (visits: Visit[], ...paths: string[]) =>
        visits.filter((v) => paths.some((p) => v.path === p || (p.endsWith('/') && v.path.startsWith(p))));
      await sweep(page, pick(routes(f).anonymous, '/', '/activities', '/activities/', '/map', '/resources/', '/events', '/events/',
        '/events?view=calendar', '/health-check', '/health-check/', '/reports/', '/about', '/suggest', '/login', '/register', '/refer/'), viewport);
      await page.goto('/');
      await expect(page.locator('html')).toHaveAttribute('data-text-size', 'xlarge');
      await signInContext(context, 'linkworker');
      await sweep(page, routes(f).linkworker, viewport);
      await signInContext(context, 'staff');
      await sweep(page, pick(routes(f).staff, '/staff', '/staff/events/', '/staff/activities/', '/staff/statistics'), viewport);
    });
  }
});

// ---- axe-core on the resident pages (the self-check's question and result
// pages have theirs in health.spec.ts) ----

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

test.describe('resident pages pass axe-core (WCAG 2 A/AA) @phone-only', () => {
  test.use({ serviceWorkers: 'block' });

  const pages: [string, (f: Found) => string][] = [
    ['home', () => '/'],
    ['activity search', () => '/activities'],
    ['an activity', (f) => `/activities/${f.activity}`],
    ['the map', () => '/map'],
    ['a resource', (f) => `/resources/${f.resource}`],
    ['events', () => '/events'],
    ['the event calendar', () => '/events?view=calendar'],
    ['an event', (f) => `/events/${f.event}`],
    ['the self-check', () => '/health-check'],
    ['reports', () => '/reports'],
    ['a report', (f) => `/reports/${f.report}`],
    ['writers', () => '/writers'],
    ['about', () => '/about'],
    ['social prescribing', () => '/about/social-prescribing'],
    ['link workers', () => '/about/link-worker'],
    ['community nurses', () => '/about/community-nurse'],
    ['suggest a place', () => '/suggest'],
    ['sign in', () => '/login'],
    ['register', () => '/register'],
    ['refer (form ①): asks to sign in', () => '/refer'],
    ['the shop\'s voucher check', () => '/points/code'],
  ];
  for (const [what, path] of pages) {
    test(`axe: ${what}`, async ({ page, browser }) => {
      const at = path(await discover(browser));
      const visit: Visit = { path: at, status: at === '/refer' ? 401 : 200 };
      await show(page, visit);
      const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), visit.path).toEqual([]);
    });
  }

  test('axe: the self-check history', async ({ page }) => {
    await answerQuick(page, [6, 7, 4, 8, 2, 5]);
    await show(page, { path: '/health-check/history', ready: '[data-testid="history"]' });
    const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  });
});
