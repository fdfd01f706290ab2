/**
 * The browser checks the receiver's transparency log (real Chromium, a real receiver on 127.0.0.1):
 * every answer's signed tree head, the delivered receipt's inclusion, and the consistency of the new
 * head with the last one kept for the endpoint. A receiver that drops a receipt from its history,
 * forks it, changes its key, goes back to an older head, proves the wrong leaf or stops showing its
 * log is reported as `assent-error` `log-inconsistent`, and the receipt stays in the outbox, marked,
 * without being sent again. Backends without a log keep working as before.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReceiver } from '../../src/receiver/server.js';
import { launchChromium } from '../support/chromium.js';
import { startLogReceiver, type LogReceiver } from '../support/log-receiver.js';
import { NodeSigner } from '../support/mint.js';
import { bundleHarness } from './delivery-harness/server.js';
import { sleep, until } from '../support/wait.js';

interface PendingView {
  id: string;
  parked: boolean;
  status?: string;
  lastError?: string;
}
interface HeadView {
  endpoint: string;
  kid: string;
  treeSize: number;
  rootHash: string;
}
interface LogHarness {
  record(): Promise<string>;
  pending(): Promise<PendingView[]>;
  knownHead(): Promise<HeadView | undefined>;
  forget(): Promise<void>;
  retry(logInconsistent: boolean): Promise<void>;
  events(): { type: string; id?: string; code?: string; error?: string; message?: string }[];
}
declare const logHarness: LogHarness;

const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>log harness</title>
<script src="/log-harness.js"></script></head><body><p>log harness</p></body></html>`;

describe('the browser checks the receiver transparency log (Chromium)', () => {
  let receiver: LogReceiver;
  let browser: Browser;

  before(async () => {
    const script = await bundleHarness('../log-harness/page.ts');
    receiver = await startLogReceiver({
      handle(request, response) {
        if (request.url === '/log-harness.js') {
          response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
          return true;
        }
        if (request.url === '/' || request.url?.startsWith('/?')) {
          response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
          return true;
        }
        return false;
      },
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await receiver?.close();
  });

  /** A fresh browser profile (its own IndexedDB: no head kept yet) on a fresh receiver. */
  async function open(query = ''): Promise<Page> {
    receiver.reset();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${receiver.url}/${query}`);
    await page.waitForSelector('html[data-ready="true"]', { state: 'attached' });
    return page;
  }

  async function deliver(page: Page, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = await page.evaluate(() => logHarness.record());
      await until(`delivery of ${id}`, async () =>
        (await page.evaluate(() => logHarness.events())).some(
          (event) => event.type === 'receipt-delivered' && event.id === id,
        ),
      );
      ids.push(id);
    }
    return ids;
  }

  /** Sends one more receipt and expects the log check to fail; returns the message. */
  async function expectInconsistent(page: Page): Promise<string> {
    const before = await page.evaluate(() => logHarness.knownHead());
    const id = await page.evaluate(() => logHarness.record());
    await until('log-inconsistent', async () =>
      (await page.evaluate(() => logHarness.events())).some(
        (event) => event.type === 'assent-error' && event.code === 'log-inconsistent',
      ),
    );
    const events = await page.evaluate(() => logHarness.events());
    const failed = events.find((event) => event.type === 'receipt-delivery-failed' && event.id === id);
    assert.equal(failed?.error, 'log-inconsistent');
    assert.equal(events.filter((event) => event.type === 'receipt-delivered' && event.id === id).length, 0);
    // The receipt stays, marked, for the host to act on...
    const pending = await page.evaluate(() => logHarness.pending());
    assert.deepEqual(
      pending.filter((entry) => entry.id === id),
      [{ id, parked: true, status: 'log-inconsistent', lastError: 'log-inconsistent' }],
    );
    // ...and is not sent again, although parked receipts get a new round after 300 ms here.
    await sleep(1200);
    assert.equal(receiver.posts.get(id), 1);
    assert.equal(
      (await page.evaluate(() => logHarness.pending())).filter((entry) => entry.id === id).length,
      1,
    );
    // The last verified head is kept: the lie did not replace it.
    assert.deepEqual(await page.evaluate(() => logHarness.knownHead()), before);
    return events.find((event) => event.code === 'log-inconsistent')!.message!;
  }

  it('honest receiver: every answer verifies, the head is kept and sent as Assent-Known-Tree-Size', async () => {
    const page = await open();
    await deliver(page, 4);
    const head = await page.evaluate(() => logHarness.knownHead());
    assert.equal(head?.treeSize, 4);
    assert.equal(head?.kid, receiver.log.signer.kid);
    assert.equal(head?.endpoint, `${receiver.url}/api/receipts`);
    assert.equal(head?.rootHash, Buffer.from(receiver.log.tree.root()).toString('hex'));
    // The first POST knew no head; each later one named the size verified before it.
    assert.deepEqual(receiver.knownSizes, [undefined, 1, 2, 3]);
    assert.deepEqual(await page.evaluate(() => logHarness.pending()), []);
    const errors = (await page.evaluate(() => logHarness.events())).filter(
      (event) => event.type === 'assent-error',
    );
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('a receiver that drops a receipt from its history is caught', async () => {
    const page = await open();
    await deliver(page, 3);
    receiver.log.dropLeaf(1);
    const message = await expectInconsistent(page);
    assert.match(message, /does not extend/);
    await page.context().close();
  });

  it('a receiver that forks its history (replaces a receipt) is caught', async () => {
    const page = await open();
    await deliver(page, 3);
    receiver.log.replaceLeaf(0, new NodeSigner().next().jws);
    await expectInconsistent(page);
    await page.context().close();
  });

  it('a receiver that signs with another key, goes back to an older head, or proves another leaf is caught', async () => {
    for (const mode of ['other-key', 'stale-head', 'wrong-proof'] as const) {
      const page = await open();
      await deliver(page, 2);
      receiver.mode = mode;
      const message = await expectInconsistent(page);
      if (mode === 'other-key') assert.match(message, /unexpected-key/);
      await page.context().close();
    }
  });

  it('a receiver that stops showing its log is caught; forgetting the head starts over', async () => {
    const page = await open();
    await deliver(page, 2);
    receiver.mode = 'no-log';
    await expectInconsistent(page);
    // The host decides the receiver was deliberately replaced: forget its head, send again.
    await page.evaluate(() => logHarness.forget());
    await page.evaluate(() => logHarness.retry(true));
    await until(
      'the held receipt delivered after forgetting',
      async () => (await page.evaluate(() => logHarness.pending())).length === 0,
    );
    assert.equal(await page.evaluate(() => logHarness.knownHead()), undefined);
    await page.context().close();
  });

  it('the shipped receiver (cross-origin, CORS): every answer verifies and the head follows it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'assent-e2e-log-'));
    const shipped = await startReceiver({ port: 0, dataDir, cors: [receiver.url] });
    try {
      const page = await open(`?endpoint=${encodeURIComponent(`${shipped.url}/api/receipts`)}`);
      await deliver(page, 3);
      const head = await page.evaluate(() => logHarness.knownHead());
      assert.equal(head?.treeSize, 3);
      assert.equal(head?.kid, shipped.key.kid);
      assert.equal(head?.endpoint, `${shipped.url}/api/receipts`);
      const errors = (await page.evaluate(() => logHarness.events())).filter(
        (event) => event.type === 'assent-error',
      );
      assert.deepEqual(errors, []);
      await page.context().close();
    } finally {
      await shipped.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a backend without a log keeps working as before', async () => {
    const page = await open();
    receiver.mode = 'no-log';
    await deliver(page, 3);
    assert.equal(await page.evaluate(() => logHarness.knownHead()), undefined);
    assert.deepEqual(receiver.knownSizes, [undefined, undefined, undefined]);
    const errors = (await page.evaluate(() => logHarness.events())).filter(
      (event) => event.type === 'assent-error',
    );
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
