/**
 * The banner bundle in real Chromium, where the browser tests cannot reach:
 * - under a strict Content-Security-Policy (nonces, Trusted Types, no inline style): gated scripts run
 *   only after consent, in document order, keeping their nonce; an injected gated script without the
 *   nonce stays blocked; the decision arrives at the server as a signed cookie receipt;
 * - real subdomains (`*.assent.test` mapped to 127.0.0.1): cookies set on parent domains and deeper
 *   paths are cleared on reject and on withdrawal; HttpOnly cookies are out of a script's reach;
 * - layout shift (CLS) and long tasks of each banner position, measured with PerformanceObserver.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { verifyReceipt } from '../../src/verify/index.js';
import { launchChromium } from '../support/chromium.js';
import { sleep, until } from '../support/wait.js';

const NONCE = 'cookie-e2e-nonce';
const CSP = [
  "default-src 'self'",
  `script-src 'self' 'nonce-${NONCE}' 'report-sample'`,
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

const CONFIG = {
  revision: 'e2e-1',
  categories: [
    { id: 'necessary', necessary: true },
    {
      id: 'analytics',
      services: [
        {
          id: 'ga',
          name: 'Analytics',
          cookies: [{ name: '^_ga', regex: true }, { name: '_gid' }, { name: '_ga_http' }],
        },
      ],
    },
    { id: 'marketing', gpc: true, services: [{ id: 'ads', name: 'Ads', cookies: [{ name: 'ad_id' }] }] },
  ],
};

/** Configuration variants a test page can ask for with `?variant=`. */
const VARIANTS: Record<string, object> = {
  default: CONFIG,
  reload: { ...CONFIG, reloadOnRevoke: true },
  shared: { ...CONFIG, storage: { domain: 'assent.test', trustSubdomains: true } },
};

function page(position: string, body = '', policy = false, variant = 'default'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Assent banner e2e</title>
<link rel="stylesheet" href="/page.css">
<script nonce="${NONCE}" src="/assent-banner.iife.js"></script>
</head>
<body>
<privacy-banner position="${position}" policy-href="/cookies.html"${policy ? ' dialog="policy-dialog" policy-document="cookie-policy"' : ''}>
<script type="application/json">${JSON.stringify(VARIANTS[variant] ?? CONFIG)}</script>
</privacy-banner>
<main>
<h1>Shop</h1>
${Array.from({ length: 12 }, (_, i) => `<p>Paragraph ${i + 1}: text of the page that must not move when the banner appears.</p>`).join('\n')}
<a href="#settings" data-assent-open="cookie-manager">Privacy settings</a>
</main>
${body}
</body>
</html>`;
}

const GATED = `
<script type="text/plain" data-consent="analytics" nonce="${NONCE}">
  (window.__ran = window.__ran || []).push('inline');
  document.cookie = '_ga=GA1.2.3; path=/';
</script>
<script type="text/plain" data-consent="analytics" nonce="${NONCE}" data-src="/tag.js"></script>
<script type="text/plain" data-consent="analytics" nonce="${NONCE}">window.__ran.push('after-tag');</script>
<script type="text/plain" data-consent="analytics">window.__ran.push('injected-without-nonce');</script>
<script type="text/plain" data-consent="!analytics" nonce="${NONCE}">(window.__ran = window.__ran || []).push('refused');</script>
<iframe data-consent="marketing" data-service="ads" data-src="/frame.html" width="300" height="150" title="Ad"></iframe>`;

interface Site {
  server: Server;
  port: number;
  receipts: string[];
  readonly fullLoads: number;
  readonly extrasLoads: number;
  /** While set, requests for the extras script wait until it resolves. */
  holdExtras?: Promise<void>;
  /** Makes the receipts endpoint answer 503 while set; counts POSTs. */
  control: { refuseReceipts: boolean; attempts: number };
  close(): Promise<void>;
}

const POLICY = `
<agreement-dialog id="policy-dialog">
  <policy-document doc-id="cookie-policy" title="Cookie policy" version="1" format="text">
    <script type="text/plain">Cookie policy

1. What cookies are
Small files a site stores in your browser.

2. Your choices
You can accept, reject or customise them at any time.</script>
  </policy-document>
</agreement-dialog>`;

async function startSite(bundle: string, extras: string, full: string): Promise<Site> {
  const receipts: string[] = [];
  let fullLoads = 0;
  let extrasLoads = 0;
  const control = { refuseReceipts: false, attempts: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (
      status: number,
      type: string,
      body: string,
      headers: Record<string, string | string[]> = {},
    ) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    if (req.method === 'POST' && url.pathname === '/api/receipts') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        control.attempts++;
        if (control.refuseReceipts) return send(503, 'application/json', '{}');
        receipts.push(body);
        send(201, 'application/json', JSON.stringify({ ok: true }));
      });
      return;
    }
    if (url.pathname === '/assent-banner.iife.js') return send(200, 'text/javascript', bundle);
    if (url.pathname === '/assent-banner-extras.iife.js') {
      extrasLoads++;
      void (site.holdExtras ?? Promise.resolve()).then(() => send(200, 'text/javascript', extras));
      return;
    }
    if (url.pathname === '/assent.iife.js') {
      fullLoads++;
      return send(200, 'text/javascript', full);
    }
    if (url.pathname === '/tag.js')
      return send(
        200,
        'text/javascript',
        "window.__ran.push('tag'); document.cookie = '_gid=GA1.2.9; path=/';",
      );
    if (url.pathname === '/page.css')
      return send(200, 'text/css', 'body { margin: 0; font: 16px/1.5 sans-serif } main { padding: 1rem }');
    if (url.pathname.endsWith('.html')) {
      const position = url.searchParams.get('position') ?? 'bottom';
      const cookies =
        url.searchParams.get('cookies') === '1'
          ? [
              // Where a third-party tag could have put them: parent domains, deeper paths, host-only.
              '_ga=1; Domain=assent.test; Path=/',
              '_ga_ABC=2; Domain=shop.assent.test; Path=/a',
              '_gid=3; Path=/a/b',
              'ad_id=4; Domain=.assent.test; Path=/a/b/',
              '_ga_http=5; Domain=assent.test; Path=/; HttpOnly',
              'unrelated=6; Domain=assent.test; Path=/',
            ]
          : [];
      const extra =
        (url.searchParams.get('gated') === '1' ? GATED : '') +
        (url.searchParams.get('policy') === '1' ? POLICY : '');
      return send(
        200,
        'text/html; charset=utf-8',
        page(
          position,
          extra,
          url.searchParams.get('policy') === '1',
          url.searchParams.get('variant') ?? 'default',
        ),
        {
          'content-security-policy': CSP,
          ...(cookies.length ? { 'set-cookie': cookies } : {}),
        },
      );
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const site: Site = {
    server,
    port,
    receipts,
    get fullLoads() {
      return fullLoads;
    },
    get extrasLoads() {
      return extrasLoads;
    },
    control,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return site;
}

declare global {
  interface Window {
    __ran?: string[];
    __violations?: { directive: string; sample: string; blocked: string }[];
  }
}

/** Records CSP violations from the first moment of every page (init scripts are not subject to the CSP). */
async function watchViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__violations!.push({
        directive: event.effectiveDirective,
        sample: event.sample,
        blocked: event.blockedURI,
      });
    });
  });
}

describe('banner bundle in Chromium: strict CSP, real subdomains, layout shift', () => {
  let browser: Browser;
  let site: Site;

  before(async () => {
    // The extras script defines no global (it would replace `Assent`).
    const bundle = (entry: string, split = false, global = true) =>
      build({
        entryPoints: [entry],
        bundle: true,
        format: 'iife',
        ...(global ? { globalName: 'Assent' } : {}),
        minify: true,
        target: 'es2022',
        write: false,
        define: { __ASSENT_VERSION__: '"e2e"', __ASSENT_BANNER_SPLIT__: String(split) },
        logLevel: 'error',
      }).then((result) => result.outputFiles[0]!.text);
    // BUNDLE_DIR=dist runs the same checks on the shipped bundles (`vite build --mode iife-banner` and
    // `--mode iife`: template literals minified) instead of a quick esbuild bundle of the sources.
    const shipped = process.env.BUNDLE_DIR;
    const [banner, extras, full] = shipped
      ? await Promise.all(
          ['assent-banner.iife.js', 'assent-banner-extras.iife.js', 'assent.iife.js'].map((name) =>
            readFile(join(shipped, name), 'utf8'),
          ),
        )
      : await Promise.all([
          bundle('src/iife/banner.ts', true),
          bundle('src/iife/banner-extras.ts', false, false),
          bundle('src/iife/full.ts'),
        ]);
    site = await startSite(banner, extras, full);
    browser = await launchChromium(['--host-resolver-rules=MAP *.assent.test 127.0.0.1']);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await site?.close();
  });

  async function open(url: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    await watchViolations(context);
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('privacy-banner[open]');
    return { context, page };
  }

  it('runs gated scripts only after consent, in order, with their nonce, under a strict CSP; records a signed receipt', async () => {
    const { context, page } = await open(`http://127.0.0.1:${site.port}/a/b/page.html?gated=1`);
    try {
      await sleep(200);
      assert.equal(await page.evaluate(() => window.__ran), undefined, 'nothing gated ran before a choice');
      assert.equal(await page.evaluate(() => document.cookie.includes('_ga=')), false);
      // The embed waits behind a placeholder of its own size (styled through CSSOM: no inline style attribute).
      const box = await page.locator('[data-assent-placeholder]').boundingBox();
      assert.deepEqual([Math.round(box!.width), Math.round(box!.height)], [300, 150]);
      await page.locator('privacy-banner [part~="accept-all"]').click();
      await until('gated scripts', async () => ((await page.evaluate(() => window.__ran?.length)) ?? 0) >= 3);
      await sleep(200);
      assert.deepEqual(await page.evaluate(() => window.__ran), ['inline', 'tag', 'after-tag']);
      assert.match(await page.evaluate(() => document.cookie), /_ga=GA1\.2\.3/);
      const violations = await page.evaluate(() => window.__violations!);
      // The gated script that carried no nonce (as injected markup would) is not even inserted: the
      // banner script's own nonce is the page's, so Assent refuses it before the CSP has to.
      assert.deepEqual(violations, []);
      assert.equal(
        await page.evaluate(
          () => document.querySelectorAll('[data-assent-refused="gated-script-refused"]').length,
        ),
        1,
      );
      assert.equal(await page.locator('privacy-banner').getAttribute('open'), null);

      await until('the receipt at the server', () => site.receipts.length >= 1);
      const verified = await verifyReceipt(site.receipts.at(-1)!);
      assert.ok(verified.ok, JSON.stringify(verified));
      assert.equal(verified.payload.type, 'cookie');
      assert.equal(verified.payload.decision, 'accepted');
      assert.deepEqual(verified.payload.method, {
        element: 'privacy-banner',
        action: 'accept-all',
        label: 'Accept all',
      });
      assert.equal(verified.payload.purposes.analytics, true);
    } finally {
      await context.close();
    }
  });

  it('paints the banner from the banner script alone: the extras script loads after the first choice, with the nonce', async () => {
    const before = site.extrasLoads;
    let release!: () => void;
    site.holdExtras = new Promise<void>((resolve) => (release = resolve));
    const { context, page } = await open(`http://127.0.0.1:${site.port}/page.html`);
    try {
      const scripts = () =>
        page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .filter((entry) => /\.iife\.js$/.test(new URL(entry.name).pathname))
            .map((entry) => new URL(entry.name).pathname),
        );
      assert.deepEqual(await scripts(), ['/assent-banner.iife.js'], 'what was loaded when the banner showed');
      await sleep(300);
      assert.equal(site.extrasLoads, before, 'nobody decided yet: nothing more loads');

      // The choice is kept at once, while the extras script (signing, delivery) is still on its way.
      await page.locator('privacy-banner [part~="accept-all"]').click();
      assert.ok((await context.cookies()).some((c) => c.name === 'assent_consent'));
      assert.equal(await page.locator('privacy-banner').getAttribute('open'), null);
      await until('the extras script requested', () => site.extrasLoads > before);
      const received = site.receipts.length;
      await sleep(200);
      assert.equal(site.receipts.length, received, 'no receipt before signing arrived');
      release();
      await until('the receipt at the server', () => site.receipts.length > received);
      const verified = await verifyReceipt(site.receipts.at(-1)!);
      assert.ok(verified.ok, JSON.stringify(verified));
      assert.equal(verified.payload.decision, 'accepted');
      assert.equal(
        await page.evaluate(
          () =>
            (
              window as unknown as { Assent: { consent: { get(): { receiptId: string } } } }
            ).Assent.consent.get().receiptId,
        ),
        verified.payload.id,
      );
      assert.equal(
        await page.evaluate(
          () =>
            (document.querySelector('script[src$="assent-banner-extras.iife.js"]') as HTMLScriptElement)
              .nonce,
        ),
        NONCE,
      );
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
    } finally {
      release();
      site.holdExtras = undefined;
      await context.close();
    }
  });

  it('signs on the next page a choice whose page closed before the extras script arrived', async () => {
    let release!: () => void;
    site.holdExtras = new Promise<void>((resolve) => (release = resolve));
    const received = site.receipts.length;
    const { context, page } = await open(`http://127.0.0.1:${site.port}/page.html`);
    try {
      const requested = site.extrasLoads;
      await page.locator('privacy-banner [part~="reject-all"]').click();
      await until('the extras script requested', () => site.extrasLoads > requested);
      await page.close(); // before signing arrived: only the stored choice remains
      release();
      await sleep(300);
      assert.equal(site.receipts.length, received, 'nothing was signed on the closed page');
      site.holdExtras = undefined;
      const next = await context.newPage();
      await next.goto(`http://127.0.0.1:${site.port}/page.html`);
      await until('the receipt made and delivered from the next page', () => site.receipts.length > received);
      const verified = await verifyReceipt(site.receipts.at(-1)!);
      assert.ok(verified.ok, JSON.stringify(verified));
      assert.equal(verified.payload.decision, 'declined');
      assert.equal(verified.payload.method.action, 'reject-all');
      await until(
        'the receipt id kept with the decision',
        async () =>
          (await next.evaluate(
            () =>
              (
                window as unknown as { Assent: { consent: { get(): { receiptId: string | null } } } }
              ).Assent.consent.get().receiptId,
          )) === verified.payload.id,
      );
      await next.reload();
      await sleep(500);
      assert.equal(site.receipts.length, received + 1, 'made once');
    } finally {
      release();
      site.holdExtras = undefined;
      await context.close();
    }
  });

  it('loads the cookie manager with the extras script on "Customise"', async () => {
    const { context, page } = await open(`http://127.0.0.1:${site.port}/page.html`);
    try {
      assert.equal(await page.evaluate(() => !!customElements.get('cookie-manager')), false);
      await page.locator('privacy-banner [part~="customize"]').click();
      await page.waitForSelector('cookie-manager[open]', { state: 'attached' });
      await page.locator('cookie-manager [part~="reject-all"]').click();
      await until('the refusal stored', async () =>
        (await context.cookies()).some((c) => c.name === 'assent_consent'),
      );
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
    } finally {
      await context.close();
    }
  });

  it('runs "!category" scripts on refusal, also under the strict CSP', async () => {
    const { context, page } = await open(`http://127.0.0.1:${site.port}/a/b/page.html?gated=1`);
    try {
      await page.locator('privacy-banner [part~="reject-all"]').click();
      await until(
        'the refusal script',
        async () => ((await page.evaluate(() => window.__ran?.length)) ?? 0) >= 1,
      );
      assert.deepEqual(await page.evaluate(() => window.__ran), ['refused']);
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
    } finally {
      await context.close();
    }
  });

  it('clears cookies on every domain suffix and path after reject and after withdrawal (real subdomains)', async () => {
    const url = `http://www.shop.assent.test:${site.port}/a/b/page.html?cookies=1`;
    const { context, page } = await open(url);
    const names = async () => (await context.cookies()).map((c) => `${c.name}@${c.domain}${c.path}`).sort();
    try {
      assert.deepEqual(await names(), [
        '_ga@.assent.test/',
        '_ga_ABC@.shop.assent.test/a',
        '_ga_http@.assent.test/',
        '_gid@www.shop.assent.test/a/b',
        'ad_id@.assent.test/a/b/',
        'unrelated@.assent.test/',
      ]);
      await page.locator('privacy-banner [part~="reject-all"]').click();
      await until('cookies cleared', async () => !(await names()).some((n) => n.startsWith('_ga@')));
      const left = (await names()).filter((n) => !n.startsWith('assent_consent@'));
      // HttpOnly cookies are invisible to scripts: only the server that set them can expire them.
      assert.deepEqual(left, ['_ga_http@.assent.test/', 'unrelated@.assent.test/']);
      // The decision is stored for this host only (no storage.domain configured).
      assert.ok((await names()).includes('assent_consent@www.shop.assent.test/'));

      // Accept, let the site set its cookies again, then withdraw in the manager: one step.
      await page.locator('a[data-assent-open="cookie-manager"]').click();
      await page.locator('cookie-manager [part~="accept-all"]').click();
      await page.goto(url);
      assert.ok((await names()).some((n) => n.startsWith('_ga@')));
      await page.locator('a[data-assent-open="cookie-manager"]').click();
      await page.locator('cookie-manager [part~="withdraw"]').click();
      await until(
        'cookies cleared after withdrawal',
        async () => !(await names()).some((n) => /^(_ga|_ga_ABC|_gid|ad_id)@/.test(n)),
      );
      assert.equal(
        await page.evaluate(
          () =>
            (
              window as unknown as { Assent: { consent: { get(): { decision: string } } } }
            ).Assent.consent.get().decision,
        ),
        'withdrawn',
      );
    } finally {
      await context.close();
    }
  });

  it('shares one decision across subdomains with storage.domain', async () => {
    const { context, page } = await open(`http://www.assent.test:${site.port}/page.html?variant=shared`);
    try {
      await page.locator('privacy-banner [part~="reject-all"]').click();
      const stored = (await context.cookies()).find((c) => c.name === 'assent_consent');
      assert.equal(stored?.domain, '.assent.test');
      await page.goto(`http://blog.assent.test:${site.port}/page.html?variant=shared`);
      await page.waitForSelector('privacy-banner', { state: 'attached' });
      await sleep(200);
      assert.equal(
        await page.locator('privacy-banner').getAttribute('open'),
        null,
        'decided on www: no banner on blog',
      );
      assert.equal(
        await page.evaluate(
          () =>
            (
              window as unknown as { Assent: { consent: { get(): { decision: string } } } }
            ).Assent.consent.get().decision,
        ),
        'declined',
      );
    } finally {
      await context.close();
    }
  });

  it('reloads after a refusal that revokes what ran, when reloadOnRevoke is on (scripts cannot be unloaded)', async () => {
    const { context, page } = await open(`http://127.0.0.1:${site.port}/page.html?variant=reload&gated=1`);
    try {
      await page.locator('privacy-banner [part~="accept-all"]').click();
      await until('gated scripts', async () => ((await page.evaluate(() => window.__ran?.length)) ?? 0) >= 3);
      await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
      await page.locator('a[data-assent-open="cookie-manager"]').click();
      const navigated = page.waitForEvent('framenavigated');
      await page.locator('cookie-manager [part~="withdraw"]').click();
      await navigated;
      await page.waitForLoadState('load');
      assert.equal(
        await page.evaluate(() => (window as unknown as { __marker?: number }).__marker),
        undefined,
        'a fresh page',
      );
      assert.deepEqual(
        await page.evaluate(() => window.__ran),
        ['refused'],
        'after the reload only the refusal script ran',
      );
    } finally {
      await context.close();
    }
  });

  it('delivers on the next page a receipt the server could not take before the person left', async () => {
    site.control.refuseReceipts = true;
    const before = site.receipts.length;
    const attempts = site.control.attempts;
    const { context, page } = await open(`http://127.0.0.1:${site.port}/page.html`);
    try {
      await page.locator('privacy-banner [part~="accept-all"]').click();
      await until('a refused delivery attempt', () => site.control.attempts > attempts);
      await page.close();
      site.control.refuseReceipts = false;
      const next = await context.newPage();
      await next.goto(`http://127.0.0.1:${site.port}/page.html`);
      await until('the receipt delivered from the outbox', () => site.receipts.length > before);
      const verified = await verifyReceipt(site.receipts.at(-1)!);
      assert.ok(verified.ok);
      assert.equal(verified.payload.type, 'cookie');
      assert.equal(await next.locator('privacy-banner').getAttribute('open'), null);
    } finally {
      site.control.refuseReceipts = false;
      await context.close();
    }
  });

  it('opens the policy in <agreement-dialog>, loading the full bundle next to the banner script only then', async () => {
    const { context, page } = await open(`http://127.0.0.1:${site.port}/page.html?policy=1`);
    try {
      const before = site.fullLoads;
      await sleep(200);
      assert.equal(site.fullLoads, before, 'the full bundle is not loaded up front');
      assert.equal(await page.evaluate(() => !!customElements.get('agreement-dialog')), false);
      await page.locator('privacy-banner [part~="policy-link"]').click();
      await page.waitForSelector('agreement-dialog[open]', { state: 'attached' });
      assert.equal(site.fullLoads, before + 1);
      assert.equal(new URL(page.url()).pathname, '/page.html', 'no navigation to policy-href');
      // Both namespaces survive: the full bundle's and the banner's consent API.
      assert.equal(
        await page.evaluate(
          () => typeof (window as unknown as { Assent: { consent: object } }).Assent.consent,
        ),
        'object',
      );
      // Script loading passed the CSP and Trusted Types. (The dialog's first render of a Lit `styleMap`
      // writes a style attribute, which `style-src 'self'` reports: that belongs to the dialog.)
      const violations = await page.evaluate(() => window.__violations!);
      assert.deepEqual(
        violations.filter((v) => !v.directive.startsWith('style-src')),
        [],
      );
    } finally {
      await context.close();
    }
  });

  for (const position of ['bottom', 'top', 'center', 'inline']) {
    it(`causes no layout shift in position "${position}" (CLS and long tasks measured)`, async () => {
      const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
      await context.addInitScript(() => {
        const w = window as unknown as { __cls: number; __shifts: unknown[]; __longTasks: number[] };
        w.__cls = 0;
        w.__shifts = [];
        w.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & {
            value: number;
            hadRecentInput: boolean;
          })[]) {
            if (entry.hadRecentInput) continue;
            w.__cls += entry.value;
            w.__shifts.push({ value: entry.value, at: Math.round(entry.startTime) });
          }
        }).observe({ type: 'layout-shift', buffered: true });
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) w.__longTasks.push(Math.round(entry.duration));
        }).observe({ type: 'longtask', buffered: true });
      });
      const page = await context.newPage();
      try {
        await page.goto(`http://127.0.0.1:${site.port}/page.html?position=${position}`);
        await page.waitForSelector('privacy-banner[open]', { state: 'attached' });
        await sleep(1000);
        const { cls, shifts, longTasks } = await page.evaluate(() => {
          const w = window as unknown as { __cls: number; __shifts: unknown[]; __longTasks: number[] };
          return { cls: w.__cls, shifts: w.__shifts, longTasks: w.__longTasks };
        });
        const paint = await page.evaluate(() =>
          Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1),
        );
        console.log(
          `# banner position=${position}: CLS ${cls.toFixed(4)}, long tasks ${longTasks.length} (${longTasks.join(', ') || 'none'} ms), first contentful paint ${paint} ms`,
        );
        assert.equal(cls, 0, `layout shifts: ${JSON.stringify(shifts)}`);
      } finally {
        await context.close();
      }
    });
  }
});
