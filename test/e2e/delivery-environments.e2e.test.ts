/**
 * Receipts where the platform takes something away, in real Chromium:
 * - no secure context (a plain-http host name, mapped to 127.0.0.1): no WebCrypto, so an
 *   `assent-error` and a typed rejection, or, when the host allowed it, an unsigned (`alg: none`)
 *   receipt that the receiver refuses by default and stores as unverified when told to;
 * - no IndexedDB and no Web Locks (an opaque-origin, CSP-sandboxed page): an in-memory key, every
 *   receipt marked `ephemeralKey`, still signed, chained within the page and delivered.
 * And two separately bundled copies of the library on one page share one key, chain and outbox.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startReceiver, type RunningReceiver } from '../../src/receiver/server.js';
import { verifyChain, verifyReceipt } from '../../src/verify/index.js';
import { launchChromium } from '../support/chromium.js';
import { startHarnessServer, type HarnessServer } from './delivery-harness/server.js';
import { until } from '../support/wait.js';

interface Harness {
  record(
    count: number,
  ): Promise<{ ids: string[]; errors: string[]; ephemeral: boolean[]; signed: boolean[] }>;
  pending(): Promise<string[]>;
  events(): { type: string; id?: string; code?: string; error?: string }[];
  secure(): { isSecureContext: boolean; subtle: boolean; origin: string };
}
declare const harness: Harness;
declare const harnessCopy: { record(count: number): Promise<string[]> };

const QUERY = '?maxAttempts=3&timeoutMs=800&initialMs=50&maxMs=200';

describe('receipts without a secure context, without IndexedDB, and with two library copies (Chromium)', () => {
  let dataDir: string;
  let receiver: RunningReceiver;
  let proxy: HarnessServer;
  let browser: Browser;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'assent-e2e-env-'));
    receiver = await startReceiver({ port: 0, dataDir });
    proxy = await startHarnessServer(receiver.url);
    // A host name that is not "potentially trustworthy", resolved to loopback: an insecure context.
    browser = await launchChromium(['--host-resolver-rules=MAP assent.test 127.0.0.1']);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await proxy?.close();
    await receiver?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function open(url: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('html[data-ready="true"]', { state: 'attached' });
    return page;
  }

  it('refuses to pretend without a secure context: assent-error and a typed rejection', async () => {
    const page = await open(`http://assent.test:${proxy.port}/${QUERY}`);
    assert.deepEqual(await page.evaluate(() => harness.secure()), {
      isSecureContext: false,
      subtle: false,
      origin: `http://assent.test:${proxy.port}`,
    });
    const result = await page.evaluate(() => harness.record(2));
    assert.deepEqual(result.ids, []);
    assert.deepEqual(result.errors, ['insecure-context', 'insecure-context']);
    const events = await page.evaluate(() => harness.events());
    assert.equal(
      events.filter((event) => event.type === 'assent-error' && event.code === 'insecure-context').length,
      2,
    );
    assert.equal(events.filter((event) => event.type === 'receipt-created').length, 0);
    await page.context().close();
  });

  it('sends unsigned receipts only when allowed; the receiver refuses them unless told otherwise', async () => {
    const page = await open(`http://assent.test:${proxy.port}/${QUERY}&allowUnsigned=1`);
    const result = await page.evaluate(() => harness.record(2));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.signed, [false, false]);
    const [first] = result.ids as [string, string];
    // The default receiver answers 422 (no signature): the receipt is parked, not dropped.
    await until('delivery failed', async () =>
      (await page.evaluate(() => harness.events())).some(
        (event) => event.type === 'receipt-delivery-failed' && event.id === first,
      ),
    );
    const failed = (await page.evaluate(() => harness.events())).find(
      (event) => event.type === 'receipt-delivery-failed',
    );
    assert.equal(failed?.error, 'http-422');
    assert.ok((await page.evaluate(() => harness.pending())).includes(first));
    assert.equal(await receiver.store.get(first), undefined);

    // A receiver configured to keep unsigned receipts stores them as unverified.
    const lenientDir = mkdtempSync(join(tmpdir(), 'assent-e2e-env-'));
    const lenient = await startReceiver({ port: 0, dataDir: lenientDir, acceptUnsigned: true });
    try {
      proxy.receiverUrl = lenient.url;
      const later = await page.evaluate(() => harness.record(1));
      await until('unsigned stored', async () => (await lenient.store.get(later.ids[0]!)) !== undefined);
      const stored = (await lenient.store.get(later.ids[0]!))!;
      assert.equal(stored.verified, false);
      assert.equal((await verifyReceipt(stored.jws)).ok, false);
      const verdict = await verifyReceipt(stored.jws);
      assert.equal(verdict.ok ? 'ok' : verdict.reason, 'unsigned');
    } finally {
      proxy.receiverUrl = receiver.url;
      await lenient.close();
      rmSync(lenientDir, { recursive: true, force: true });
      await page.context().close();
    }
  });

  it('signs with an in-memory key marked ephemeralKey where IndexedDB and Web Locks are unavailable', async () => {
    const page = await open(`${proxy.url}/sandboxed${QUERY}`);
    const environment = await page.evaluate(() => harness.secure());
    assert.equal(environment.origin, 'null');
    assert.equal(environment.subtle, true);
    const indexedDbWorks = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          try {
            const request = indexedDB.open('probe');
            request.onsuccess = () => resolve(true);
            request.onerror = () => resolve(false);
          } catch {
            resolve(false);
          }
        }),
    );
    assert.equal(indexedDbWorks, false, 'this page should have no IndexedDB');
    const result = await page.evaluate(() => harness.record(4));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.ephemeral, [true, true, true, true]);
    await until('ephemeral receipts stored', async () =>
      (await Promise.all(result.ids.map((id) => receiver.store.get(id)))).every(Boolean),
    );
    const jwsList = await Promise.all(result.ids.map(async (id) => (await receiver.store.get(id))!.jws));
    const chain = await verifyChain(jwsList);
    assert.equal(chain.ok, true, JSON.stringify(chain.issues));
    assert.deepEqual(
      chain.chains.map(({ firstSeq, lastSeq, ephemeralKey }) => ({ firstSeq, lastSeq, ephemeralKey })),
      [{ firstSeq: 0, lastSeq: 3, ephemeralKey: true }],
    );
    await until('outbox empty', async () => (await page.evaluate(() => harness.pending())).length === 0);
    await page.context().close();
  });
  it('shares one key, one chain and one outbox between two copies of the library on a page', async () => {
    const page = await open(`${proxy.url}/two-copies${QUERY}`);
    const sendsBefore = new Map(proxy.stats.sends);
    const ids: string[] = [];
    for (let round = 0; round < 3; round++) {
      ids.push(...(await page.evaluate(() => harness.record(1))).ids);
      ids.push(...(await page.evaluate(() => harnessCopy.record(1))));
    }
    await until('both copies delivered', async () =>
      (await Promise.all(ids.map((id) => receiver.store.get(id)))).every(Boolean),
    );
    const jwsList = await Promise.all(ids.map(async (id) => (await receiver.store.get(id))!.jws));
    const chain = await verifyChain(jwsList);
    assert.equal(chain.ok, true, JSON.stringify(chain.issues));
    assert.equal(chain.inOrder, true);
    assert.equal(chain.chains.length, 1);
    assert.deepEqual([chain.chains[0]!.firstSeq, chain.chains[0]!.lastSeq], [0, 5]);
    // One courier for the page: each receipt sent once, not once per copy.
    for (const id of ids) assert.equal((proxy.stats.sends.get(id) ?? 0) - (sendsBefore.get(id) ?? 0), 1);
    await page.context().close();
  });
});
