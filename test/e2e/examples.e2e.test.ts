/**
 * The framework example apps (examples/<name>, each built with its own toolchain by `npm run examples`)
 * walked in Debian Chromium as a person would: the cookie banner, a registration whose documents must
 * be read before the box can be ticked, and the submit; then the shipped receiver's stored receipts:
 * signed, verified by the shipped receiver (src/receiver), with the document hashes `assent hash` prints for the example's files.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startReceiver, type RunningReceiver } from '../../src/receiver/index.js';
import { main as cli } from '../../src/cli/main.js';
import { launchChromium } from '../support/chromium.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { eventually, projectRoot, readAllAndAccept } from './demo-harness.js';

const EXAMPLES = ['html', 'react19', 'react18', 'vue'] as const;
const READ_TOKEN = randomUUID();
const examplesRoot = join(projectRoot, 'examples');
const built = (name: string): boolean => existsSync(join(examplesRoot, name, 'dist/index.html'));

interface ListedReceipt {
  id: string;
  type: string;
  decision: string;
  verified: boolean;
  documents: { id: string; version: string; sha256: string }[];
}

async function assentHash(file: string): Promise<string> {
  let out = '';
  const code = await cli(['hash', file], { out: (text) => (out += text), err: () => undefined });
  assert.equal(code, 0, `assent hash ${file}`);
  return out.trim();
}

describe('example apps', () => {
  let receiver: RunningReceiver;
  let browser: Browser;
  let dataDir: string;
  const hashes: Record<string, string> = {};

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'assent-examples-e2e-'));
    receiver = await startReceiver({ port: 0, dataDir, readToken: READ_TOKEN });
    browser = await launchChromium();
    for (const id of ['terms', 'privacy']) {
      hashes[id] = await assentHash(join(examplesRoot, 'shared/legal', `${id}.md`));
    }
  });
  after(async () => {
    await browser?.close();
    await receiver?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** The example's build on a loopback port, with /api proxied to the receiver as its dev server does. */
  function serveExample(name: string): Promise<StaticServer> {
    const target = new URL(receiver.url);
    return serveStatic(join(examplesRoot, name, 'dist'), {}, (req, res) => {
      if (!req.url?.startsWith('/api/')) return false;
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return true;
    });
  }

  async function stored(): Promise<ListedReceipt[]> {
    const response = await fetch(new URL('/api/receipts?limit=1000', receiver.url), {
      headers: { Authorization: `Bearer ${READ_TOKEN}` },
    });
    assert.equal(response.status, 200);
    return (await response.json()) as ListedReceipt[];
  }

  for (const name of EXAMPLES) {
    test(
      `${name}: banner, a forced read, a verified receipt`,
      { skip: !built(name) && `examples/${name} is not built: run \`npm run examples\`` },
      async () => {
        const server = await serveExample(name);
        const context = await browser.newContext({ locale: 'en', reducedMotion: 'reduce' });
        const problems: string[] = [];
        const declinedCookies = (r: ListedReceipt): boolean =>
          r.type === 'cookie' && r.decision === 'declined';
        const cookiesBefore = (await stored()).filter(declinedCookies).length;
        try {
          const page = await context.newPage();
          page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
          page.on('console', (message) => {
            if (message.type() === 'error')
              problems.push(`console: ${message.text()} (${message.location().url})`);
          });
          await page.goto(server.url);

          // The cookie banner: three equal choices; rejecting hides it and signs a cookie receipt.
          const reject = page.getByRole('button', { name: 'Reject all', exact: true });
          await reject.waitFor({ state: 'visible' });
          await page.getByRole('button', { name: 'Accept all', exact: true }).waitFor({ state: 'visible' });
          await reject.click();
          await reject.waitFor({ state: 'hidden' });

          // Ticking the box opens the documents; accepting is held until both are read to the end.
          const box = page.getByRole('checkbox', { name: /I have read and agree to the/ });
          await box.click();
          const dialog = page.getByRole('dialog');
          await dialog.waitFor({ state: 'visible' });
          const accept = dialog.getByRole('button', { name: 'Accept', exact: true });
          assert.equal(await accept.getAttribute('aria-disabled'), 'true', 'accept is held before reading');
          assert.equal(await box.isChecked(), false);
          await readAllAndAccept(page, dialog, ['Terms of Service', 'Privacy Policy'], 'en');

          // The framework's own state follows the element (React onchange/onChange, Vue v-model).
          await eventually(async () => (await box.isChecked()) === true, 'the box is ticked');
          await eventually(
            async () => (await page.locator('#agreed').textContent()) === 'yes',
            'the app saw the change event',
          );
          await page.getByLabel('Phone').fill('13800000000');
          await page.getByRole('button', { name: 'Sign up', exact: true }).click();
          const result = page.getByRole('status').filter({ hasText: 'Signed up' });
          await result.waitFor({ state: 'visible' });
          const receiptId = /Receipt (\S+)/.exec((await result.textContent()) ?? '')?.[1];
          assert.ok(receiptId, 'the agreement-accept event carried the receipt id');

          let receipts: ListedReceipt[] = [];
          await eventually(async () => {
            receipts = await stored();
            return receipts.some((r) => r.id === receiptId);
          }, 'the receiver stored the agreement receipt');
          const agreement = receipts.find((r) => r.id === receiptId)!;
          assert.equal(agreement.type, 'agreement');
          assert.equal(agreement.decision, 'accepted');
          assert.equal(agreement.verified, true);
          assert.deepEqual(
            Object.fromEntries(agreement.documents.map((doc) => [doc.id, doc.sha256])),
            hashes,
            'the documents signed are the example files, as `assent hash` prints them',
          );
          await eventually(
            async () => (await stored()).filter(declinedCookies).length > cookiesBefore,
            'the receiver stored the cookie receipt',
          );
          assert.ok((await stored()).filter(declinedCookies).every((r) => r.verified));
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
          await server.close();
        }
      },
    );
  }
});
