/**
 * What every demo e2e test shares: the demo servers `npm start` runs (Vite under the strict CSP and the
 * reference receiver), started in this process on free loopback ports with a fresh data folder and
 * closed at the end; Debian Chromium through playwright-core; the receiver's stored receipts; and the
 * `assent hash` of a demo document, from the CLI.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { startDemo, type RunningDemo } from '../../scripts/start.js';

const run = promisify(execFile);
export const projectRoot = resolve(import.meta.dirname, '../..');
export const demoRoot = join(projectRoot, 'demo');

/** A port the OS says is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface DemoSession {
  demo: RunningDemo;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations seen in any page (blocked inline styles apart). */
  problems: string[];
  /**
   * Inline styles the CSP blocked (`style-src` without 'unsafe-inline'): a rendering defect of an element,
   * kept apart so that one test names it instead of every scenario failing on it.
   */
  styleProblems: string[];
  url(path: string): string;
  /** A page in a new browser context (a fresh profile: no stored consent, no device key yet). */
  freshPage(locale?: string): Promise<Page>;
  close(): Promise<void>;
}

// CSP violations are reported to the page, not always to the console: make them console errors. (A
// string, not a function: tsx's helpers such as __name do not exist in the page.)
const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI);
});`;

const STYLE_BLOCKED = /style-src|Applying inline style/;

function watch(page: Page, problems: string[], styleProblems: string[]): void {
  if (process.env.DEMO_E2E_DEBUG)
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) console.log(`[demo-e2e] navigated ${frame.url()}`);
    });
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const text = `console: ${message.text()} (${message.location().url})`;
    (STYLE_BLOCKED.test(message.text()) ? styleProblems : problems).push(text);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
}

/** Every page of the demo, in the order of its index. */
export const DEMO_PAGES = [
  '/register.html',
  '/platform.html',
  '/gov-app.html',
  '/service-list.html',
  '/site.html',
  '/guardian.html',
  '/privacy-center.html',
  '/receipts.html',
];

/**
 * Loads every page once in a throwaway context before the test starts: Vite optimises dependencies it
 * meets on first use and then reloads the open page, which would otherwise happen in the middle of a
 * scenario (a reload closes a dialog the test is reading).
 */
async function warmUp(browser: Browser, demo: RunningDemo, paths: readonly string[]): Promise<void> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    for (const path of paths) {
      await page.goto(new URL(path, demo.url).href, { waitUntil: 'networkidle' }).catch(() => undefined);
    }
  } finally {
    await context.close();
  }
}

/**
 * The dev server's live-reload client, replaced by a module that exports the same names and does
 * nothing: a scenario must not be reloaded halfway because a source file changed on disk while it ran.
 */
const QUIET_VITE_CLIENT = `const hot = { accept() {}, acceptExports() {}, dispose() {}, prune() {}, invalidate() {}, decline() {}, on() {}, off() {}, send() {}, data: {} };
export const createHotContext = () => hot;
export const injectQuery = (url) => url;
export const updateStyle = () => {};
export const removeStyle = () => {};
export class ErrorOverlay extends HTMLElement {}`;

async function quietLiveReload(context: BrowserContext): Promise<void> {
  await context.route(/\/@vite\/client$/, (route) =>
    route.fulfill({ contentType: 'text/javascript', body: QUIET_VITE_CLIENT }),
  );
}

/** Starts the receiver and the demo site on free ports, and a browser with one page. */
export async function openDemo(
  options: {
    locale?: string;
    viewport?: { width: number; height: number };
    /** Pages the scenario visits, loaded once beforehand (default: every page). */
    warm?: readonly string[];
  } = {},
): Promise<DemoSession> {
  const dataDir = await mkdtemp(join(tmpdir(), 'assent-demo-e2e-'));
  const demo = await startDemo({ port: await freePort(), receiverPort: await freePort(), dataDir });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({
      locale: options.locale ?? 'zh-CN',
      viewport: options.viewport ?? { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    await warmUp(browser, demo, options.warm ?? DEMO_PAGES);
    const problems: string[] = [];
    const styleProblems: string[] = [];
    await context.addInitScript(REPORT_CSP_VIOLATIONS);
    await quietLiveReload(context);
    context.on('page', (page) => watch(page, problems, styleProblems));
    const page = await context.newPage();
    return {
      demo,
      browser,
      context,
      page,
      problems,
      styleProblems,
      url: (path: string) => new URL(path, demo.url).href,
      async freshPage(locale = 'zh-CN') {
        const fresh = await browser!.newContext({
          locale,
          viewport: { width: 1280, height: 900 },
          reducedMotion: 'reduce',
        });
        await fresh.addInitScript(REPORT_CSP_VIOLATIONS);
        await quietLiveReload(fresh);
        fresh.on('page', (opened) => watch(opened, problems, styleProblems));
        return fresh.newPage();
      },
      async close() {
        await browser?.close();
        await demo.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await demo.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A receipt as the reference receiver lists it (the fields these tests read). */
export interface StoredReceipt {
  id: string;
  type: string;
  decision: string;
  documents: { id: string; version: string; title: string; sha256: string }[];
  purposes: Record<string, boolean>;
  verified: boolean;
  chainIntact: boolean;
  kid?: string;
  extensions?: Record<string, unknown>;
  raw: Record<string, unknown>;
}

type Loose = Record<string, unknown>;
const asRecord = (value: unknown): Loose =>
  typeof value === 'object' && value !== null ? (value as Loose) : {};
const CHAIN_OK = ['ok', 'intact', 'valid', 'linked', 'start', 'genesis'];

function chainIntact(item: Loose): boolean {
  const chain = item.chain ?? item.chainStatus ?? item.chainIntact;
  if (typeof chain === 'boolean') return chain;
  if (typeof chain === 'string') return CHAIN_OK.includes(chain);
  const record = asRecord(chain);
  if (typeof record.ok === 'boolean') return record.ok;
  if (typeof record.intact === 'boolean') return record.intact;
  return typeof record.status === 'string' && CHAIN_OK.includes(record.status);
}

/** The signed payload of a compact JWS. */
function jwsPayload(jws: string): Loose {
  return asRecord(JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')));
}

/**
 * The receiver's stored receipts, asked of the receiver itself (not through the proxy): its list gives
 * its verdicts (verified, chain status), and each receipt's stored JWS gives the signed payload.
 */
export async function storedReceipts(session: DemoSession): Promise<StoredReceipt[]> {
  const headers = { Authorization: `Bearer ${session.demo.readToken}` };
  const response = await fetch(new URL('/api/receipts?limit=1000', session.demo.receiverUrl), { headers });
  if (!response.ok) throw new Error(`GET /api/receipts answered ${response.status}`);
  const body = (await response.json()) as unknown;
  const list = (
    Array.isArray(body) ? body : (asRecord(body).items ?? asRecord(body).receipts ?? [])
  ) as unknown[];
  return Promise.all(
    list.map(async (entry) => {
      const item = asRecord(entry);
      const detail = await fetch(
        new URL(`/api/receipts/${encodeURIComponent(String(item.id))}`, session.demo.receiverUrl),
        { headers },
      );
      const jws = detail.ok ? asRecord(await detail.json()).jws : undefined;
      const payload = typeof jws === 'string' ? jwsPayload(jws) : {};
      const pick = (name: string): unknown => payload[name] ?? item[name];
      const verification = asRecord(item.verification);
      return {
        id: String(pick('id')),
        type: String(pick('type')),
        decision: String(pick('decision')),
        documents: (Array.isArray(pick('documents')) ? (pick('documents') as Loose[]) : []).map((doc) => ({
          id: String(doc.id),
          version: String(doc.version),
          title: String(doc.title),
          sha256: String(doc.sha256),
        })),
        purposes: asRecord(pick('purposes')) as Record<string, boolean>,
        verified: item.verified === true || verification.ok === true || verification.verified === true,
        chainIntact: chainIntact(item),
        kid: typeof item.kid === 'string' ? item.kid : undefined,
        extensions: asRecord(pick('extensions')),
        raw: { ...item, payload },
      };
    }),
  );
}

/** Polls the receiver until `predicate` holds for its receipts (delivery is asynchronous). */
export async function waitForReceipts(
  session: DemoSession,
  predicate: (receipts: StoredReceipt[]) => boolean,
  timeoutMs = 15_000,
): Promise<StoredReceipt[]> {
  const deadline = Date.now() + timeoutMs;
  let receipts: StoredReceipt[] = [];
  while (Date.now() < deadline) {
    receipts = await storedReceipts(session);
    if (predicate(receipts)) return receipts;
    await new Promise((wake) => setTimeout(wake, 200));
  }
  throw new Error(
    `the receiver did not store the expected receipts in time; it holds ${JSON.stringify(receipts.map((r) => [r.type, r.decision, r.documents.map((d) => d.id)]))}`,
  );
}

const CLI = join(projectRoot, 'dist/cli/assent.js');
let cliBuild: Promise<unknown> | undefined;

/** `assent hash FILE` for a file under demo/, with the CLI `npm run build:cli` builds (built once if missing). */
export async function assentHash(demoPath: string): Promise<string> {
  if (!existsSync(CLI)) {
    cliBuild ??= run('npm', ['run', '--silent', 'build:cli'], { cwd: projectRoot });
    await cliBuild;
  }
  const { stdout } = await run(
    process.execPath,
    [join(projectRoot, 'bin/assent.js'), 'hash', join(demoRoot, demoPath)],
    {
      cwd: projectRoot,
    },
  );
  return stdout.trim();
}

/** Scrolls a labelled, focusable reading region to its end the way a reader would: End, then PageDown until it stops. */
export async function readToEnd(page: Page, region: ReturnType<Page['getByRole']>): Promise<void> {
  await region.focus();
  for (let i = 0; i < 200; i++) {
    const atEnd = await region.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2);
    if (atEnd) return;
    await page.keyboard.press('PageDown');
  }
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((wake) => setTimeout(wake, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** How the dialog names its buttons and reading regions, per language (from src/i18n/resources/agreement.ts). */
export const DIALOG_TEXTS = {
  'zh-CN': { accept: '同意', body: (title: string) => `《${title}》全文` },
  en: { accept: 'Accept', body: (title: string) => `Full text of the ${title}` },
} as const;

/** In an open agreement dialog: read each document's tab to the end, then press the accept button. */
export async function readAllAndAccept(
  page: Page,
  dialog: ReturnType<Page['getByRole']>,
  titles: string[],
  language: keyof typeof DIALOG_TEXTS = 'zh-CN',
): Promise<void> {
  const texts = DIALOG_TEXTS[language];
  const accept = dialog.getByRole('button', { name: texts.accept, exact: true });
  for (const title of titles) {
    if (titles.length > 1) await dialog.getByRole('tab', { name: new RegExp(escapeRegExp(title)) }).click();
    const body = dialog.getByRole('region', { name: texts.body(title), exact: true });
    await body.waitFor({ state: 'visible' });
    await readToEnd(page, body);
  }
  await eventually(() => accept.isEnabled(), 'every document is read and accept is enabled');
  await accept.click();
  await dialog.waitFor({ state: 'hidden' });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
