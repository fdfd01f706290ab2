/**
 * Delivery through faults, end to end: real Chromium (playwright-core), the real receipts layer in a
 * page served on 127.0.0.1, a fault-injecting proxy in front of the real receiver. Phases: clean,
 * 500s, lost acknowledgements (held past the client timeout), receiver stopped and restarted, browser
 * offline, reload while sends are in flight, two tabs with random 500s. Then: every id the pages
 * created arrived and is stored once, the chain of the browser key has no gap or fork, no outbox
 * holds anything, and no id was sent more often than the retry bound allows. The sends bound is
 * what keeps server-side deduplication from hiding a client that resends blindly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startReceiver, type RunningReceiver } from '../../src/receiver/server.js';
import { verifyChain } from '../../src/verify/index.js';
import { launchChromium } from '../support/chromium.js';
import { startHarnessServer, type HarnessServer } from './delivery-harness/server.js';
import { validateWithAjv } from '../support/receipt-schema.js';
import { sleep, until } from '../support/wait.js';

const MAX_ATTEMPTS = 12;
/**
 * Acceptances per phase, recorded in batches within one page load (not a page per acceptance):
 * 150 clean + 5 × 120 through faults + 2 × 125 from two tabs = 1,000.
 */
const PER_PHASE = 120;
const TOTAL = 150 + 5 * PER_PHASE + 2 * 125;
const QUERY = `?maxAttempts=${MAX_ATTEMPTS}&timeoutMs=800&initialMs=100&maxMs=800`;

interface Harness {
  record(
    count: number,
  ): Promise<{ ids: string[]; errors: string[]; ephemeral: boolean[]; signed: boolean[] }>;
  pending(): Promise<string[]>;
  sends(): Record<string, number>;
  events(): { type: string; id?: string; code?: string; error?: string }[];
  secure(): { isSecureContext: boolean; subtle: boolean; origin: string };
}
declare const harness: Harness;

async function open(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]', { state: 'attached' });
  return page;
}

const record = (page: Page, count: number) => page.evaluate((n) => harness.record(n), count);
const pending = (page: Page) => page.evaluate(() => harness.pending());

describe('delivery through faults (Chromium, real receiver behind a fault proxy)', () => {
  let dataDir: string;
  let receiver: RunningReceiver;
  let proxy: HarnessServer;
  let browser: Browser;
  let context: BrowserContext;
  const created: string[] = [];
  const phaseLog: string[] = [];
  let reloads = 0;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'assent-e2e-delivery-'));
    receiver = await startReceiver({ port: 0, dataDir });
    proxy = await startHarnessServer(receiver.url);
    browser = await launchChromium();
    context = await browser.newContext();
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await proxy?.close();
    await receiver?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function storedCount(ids: string[]): Promise<number> {
    let count = 0;
    for (const id of ids) if (await receiver.store.get(id)) count++;
    return count;
  }

  async function drained(pages: Page[], ids: string[], what: string) {
    // A phase of 120 through retries with backoff up to 800 ms takes longer than the default wait.
    await until(`${what}: every receipt stored`, async () => (await storedCount(ids)) === ids.length, 90_000);
    for (const page of pages)
      await until(`${what}: outbox empty`, async () => (await pending(page)).length === 0, 30_000);
    phaseLog.push(`${what}: ${ids.length} delivered`);
  }

  it('delivers every receipt exactly once through 500s, lost acks, a dead receiver, offline, a reload and two tabs', async () => {
    const started = Date.now();
    const page = await open(context, `${proxy.url}/${QUERY}`);

    // 1. Clean run.
    const clean = await record(page, 150);
    assert.deepEqual(clean.errors, []);
    created.push(...clean.ids);
    await drained([page], clean.ids, 'clean');

    // 2. The backend answers 500 for a while.
    proxy.mode = 'error500';
    const failing = await record(page, PER_PHASE);
    created.push(...failing.ids);
    await until('500s seen', () => [...proxy.stats.sends.keys()].some((id) => failing.ids.includes(id)));
    await sleep(1500);
    assert.equal(await storedCount(failing.ids), 0);
    proxy.mode = 'pass';
    await drained([page], failing.ids, '500s');

    // 3. Acknowledgements lost: stored upstream, the answer held past the client's timeout.
    proxy.mode = 'hang';
    const lost = await record(page, PER_PHASE);
    created.push(...lost.ids);
    await until('a held request', () => proxy.held() > 0);
    await sleep(1800);
    proxy.mode = 'pass';
    await drained([page], lost.ids, 'lost acks');

    // 4. Receiver stopped, then restarted on the same port and data folder.
    const port = receiver.port;
    await receiver.close();
    const whileDown = await record(page, PER_PHASE);
    created.push(...whileDown.ids);
    await sleep(1500);
    receiver = await startReceiver({ port, dataDir });
    await drained([page], whileDown.ids, 'receiver restarted');

    // 5. Offline: nothing is tried until `online`.
    await context.setOffline(true);
    const offline = await record(page, PER_PHASE);
    created.push(...offline.ids);
    const sendsBefore = offline.ids.reduce((sum, id) => sum + (proxy.stats.sends.get(id) ?? 0), 0);
    await sleep(1000);
    assert.equal(sendsBefore, 0);
    assert.equal(
      offline.ids.reduce((sum, id) => sum + (proxy.stats.sends.get(id) ?? 0), 0),
      0,
      'no send while offline',
    );
    await context.setOffline(false);
    await drained([page], offline.ids, 'back online');

    // 6. Reload while sends are in flight (held by the proxy): the next page load finishes the job.
    proxy.mode = 'hang';
    const reloaded = await record(page, PER_PHASE);
    created.push(...reloaded.ids);
    await until('a send in flight', () => proxy.held() > 0);
    await page.reload();
    reloads++;
    await page.waitForSelector('html[data-ready="true"]', { state: 'attached' });
    proxy.mode = 'pass';
    await drained([page], reloaded.ids, 'reload mid-send');

    // 7. Two tabs recording and delivering at once, with random 500s: never the same receipt from both at once.
    const second = await open(context, `${proxy.url}/${QUERY}`);
    proxy.mode = 'flaky';
    proxy.trackOverlap = true;
    const [tabA, tabB] = await Promise.all([record(page, 125), record(second, 125)]);
    created.push(...tabA.ids, ...tabB.ids);
    await sleep(500);
    proxy.mode = 'pass';
    await drained([page, second], [...tabA.ids, ...tabB.ids], 'two tabs');
    proxy.trackOverlap = false;
    assert.equal(proxy.stats.maxOverlap, 1, 'two tabs sent the same receipt at the same time');

    // Every id created arrived, once.
    assert.equal(created.length, TOTAL, `${created.length} acceptances, not ${TOTAL}`);
    assert.equal(new Set(created).size, created.length);
    const listed = await receiver.store.list({ limit: 10_000, offset: 0 });
    assert.equal(listed.length, created.length);
    assert.deepEqual(new Set(listed.map((item) => item.id)), new Set(created));
    assert.ok(listed.every((item) => item.verified));
    const jwsList = await Promise.all(created.map(async (id) => (await receiver.store.get(id))!.jws));

    // What the browser signed matches the shared schema, checked by Ajv here too.
    for (const jws of jwsList) {
      const payload = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));
      assert.equal(validateWithAjv(payload), true, JSON.stringify(validateWithAjv.errors));
    }

    // One browser key, one chain: the Web Lock kept the two tabs from forking it.
    const chain = await verifyChain(jwsList);
    assert.equal(chain.chains.length, 1);
    assert.deepEqual(
      chain.issues.filter((issue) => issue.kind !== 'reordered'),
      [],
    );
    assert.equal(chain.chains[0]!.count, created.length);

    // The retry bound: attempts per id, plus one keepalive send per page unload while it was pending.
    const overBound = created.filter((id) => (proxy.stats.sends.get(id) ?? 0) > MAX_ATTEMPTS + reloads);
    assert.deepEqual(overBound, []);
    const totalSends = created.reduce((sum, id) => sum + (proxy.stats.sends.get(id) ?? 0), 0);
    // Receiver-side duplicates (200) only come from answers the page never got (withheld by the
    // proxy, or a send the page abandoned on timeout or unload): each leaves a stored receipt the page
    // must send again. A page that resent blindly would exceed this.
    const duplicates = proxy.stats.receiverStatus.get(200) ?? 0;
    // Also possible without a blind resend: a receiver that stored and then went down before answering
    // (upstream lost), and the keepalive copy sent at each reload while a send was in flight.
    const neverHeard = proxy.stats.withheld + proxy.stats.unanswered + proxy.stats.upstreamLost + reloads;
    assert.ok(
      duplicates <= neverHeard,
      `${duplicates} duplicates for ${proxy.stats.withheld} withheld, ${proxy.stats.unanswered} unanswered, ` +
        `${proxy.stats.upstreamLost} upstream-lost sends and ${reloads} reloads`,
    );
    const failedEvents = (await page.evaluate(() => harness.events())).filter(
      (event) => event.type === 'receipt-delivery-failed',
    );
    assert.deepEqual(failedEvents, []);
    console.log(
      `[delivery e2e] ${created.length} receipts, ${totalSends} sends (${(totalSends / created.length).toFixed(2)} per receipt), ` +
        `max ${Math.max(...created.map((id) => proxy.stats.sends.get(id) ?? 0))} for one id (bound ${MAX_ATTEMPTS + reloads}), ` +
        `${duplicates} receiver duplicates (${proxy.stats.withheld} answers withheld, ${proxy.stats.unanswered} unanswered), ${((Date.now() - started) / 1000).toFixed(1)} s; ${phaseLog.join('; ')}`,
    );
  });
});
