import { expect } from '@open-wc/testing';
import { recordDecision, resetConfig, type DecisionInput } from '../../src/consent/index.js';
import { configure, pendingReceipts, retryDelivery } from '../../src/delivery/index.js';
import { getCourier } from '../../src/delivery/courier.js';
import { backoffDelay, classifyStatus } from '../../src/delivery/send.js';
import { until } from '../support/wait.js';
import { DEFAULT_CONFIG, type AssentConfig } from '../../src/consent/config.js';

const decision: DecisionInput = {
  type: 'cookie',
  decision: 'updated',
  locale: 'en',
  purposes: { analytics: false, marketing: true },
  method: { element: 'api', action: 'save', label: 'Save' },
};

function eventFor(type: string, id: string, timeoutMs = 8000) {
  return new Promise<CustomEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} for ${id}`)), timeoutMs);
    const listener = (event: Event) => {
      if ((event as CustomEvent).detail?.id !== id) return;
      clearTimeout(timer);
      document.removeEventListener(type, listener);
      resolve(event as CustomEvent);
    };
    document.addEventListener(type, listener);
  });
}

async function drain() {
  // Leave nothing behind for the next test: acknowledge whatever is still waiting.
  configure({ transport: () => true, maxAttempts: 10 });
  await retryDelivery();
  const deadline = Date.now() + 5000;
  while ((await pendingReceipts()).length > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
}

// Test files run side by side in pages of one origin: a database of its own keeps this file's outbox apart.
const storageName = 'assent-test-delivery';

describe('delivery', () => {
  beforeEach(() => {
    resetConfig();
    configure({ storageName });
  });
  afterEach(drain);

  it('POSTs application/jose with an Idempotency-Key and parks the receipt on a 4xx', async () => {
    // The test server has no /api/receipts: a 404 will not get better by resending.
    configure({ endpoint: '/api/receipts-missing', backoff: { initialMs: 10, maxMs: 20 } });
    const recorded = await recordDecision(decision);
    const failed = await eventFor('receipt-delivery-failed', recorded.id);
    expect(failed.detail).to.deep.equal({ id: recorded.id, receipt: recorded.jws, error: 'http-404' });
    const waiting = (await pendingReceipts()).find((entry) => entry.id === recorded.id);
    expect(waiting, 'stays in the outbox').to.exist;
    expect(waiting!.parked).to.equal(true);
    expect(waiting!.attempts).to.equal(1);
  });

  it('retries with backoff up to maxAttempts, then fires receipt-delivery-failed and keeps the receipt', async () => {
    const allCalls: { id: string; at: number }[] = [];
    configure({
      maxAttempts: 4,
      backoff: { initialMs: 20, factor: 2, maxMs: 200 },
      transport: (_jws, receipt) => {
        allCalls.push({ id: receipt.id, at: performance.now() });
        throw new Error('backend down');
      },
    });
    const recorded = await recordDecision(decision);
    const failed = await eventFor('receipt-delivery-failed', recorded.id);
    const calls = allCalls.filter((call) => call.id === recorded.id).map((call) => call.at);
    expect(failed.detail.error).to.equal('backend down');
    expect(calls).to.have.length(4);
    // Delays 20, 40, 80 ms, each jittered into [half, full]: at least 10 + 20 + 40 ms from the first
    // send to the last. (Single gaps are not compared: timer clamping differs between engines.)
    expect(calls.at(-1)! - calls[0]!).to.be.at.least(69);
    expect((await pendingReceipts()).some((entry) => entry.id === recorded.id)).to.equal(true);

    // The host fixes its backend and asks for another round.
    const delivered = new Promise<CustomEvent>((resolve) => {
      document.addEventListener('receipt-delivered', (event) => resolve(event as CustomEvent), {
        once: true,
      });
    });
    configure({ transport: () => undefined });
    await retryDelivery();
    expect((await delivered).detail.id).to.equal(recorded.id);
  });

  it('treats a transport that resolves false or a non-2xx Response as not delivered', async () => {
    let answer: unknown = false;
    let calls = 0;
    configure({
      maxAttempts: 3,
      backoff: { initialMs: 5, maxMs: 10 },
      transport: () => {
        calls++;
        return answer;
      },
    });
    const recorded = await recordDecision(decision);
    // The courier starts on its own once delivery has loaded: wait for it rather than a fixed time.
    await until('the transport called with the receipt', () => calls > 0);
    const stillPending = async () => (await pendingReceipts()).some((entry) => entry.id === recorded.id);
    expect(await stillPending(), 'false is not delivered').to.equal(true);
    answer = new Response(null, { status: 503 });
    const before = calls;
    await retryDelivery();
    await until('the transport answered 503', () => calls > before);
    expect(await stillPending(), '503 is not delivered').to.equal(true);
    const delivered = eventFor('receipt-delivered', recorded.id);
    answer = new Response(null, { status: 204 });
    configure({ maxAttempts: 10 });
    await retryDelivery();
    await delivered;
  });

  it('gives the host transport the receipt, endpoint override and countersignature', async () => {
    const seen: { jws: string; endpoint: string; countersignature?: string; id: string }[] = [];
    configure({
      countersign: async (jws) => `host-sig:${jws.length}`,
      transport: (jws, receipt, context) => {
        seen.push({
          jws,
          endpoint: context.endpoint,
          countersignature: context.countersignature,
          id: receipt.id,
        });
      },
    });
    const recorded = await recordDecision({ ...decision, endpoint: '/element/endpoint' });
    await eventFor('receipt-delivered', recorded.id);
    expect(seen).to.deep.equal([
      {
        jws: recorded.jws,
        endpoint: '/element/endpoint',
        countersignature: `host-sig:${recorded.jws!.length}`,
        id: recorded.id,
      },
    ]);
  });

  it('counts attempts in storage before sending (a reload mid-send still counts)', async () => {
    let attemptsDuringSend = -1;
    configure({
      transport: async (_jws, receipt) => {
        attemptsDuringSend = (await pendingReceipts()).find((entry) => entry.id === receipt.id)!.attempts;
      },
    });
    const recorded = await recordDecision(decision);
    await eventFor('receipt-delivered', recorded.id);
    expect(attemptsDuringSend).to.equal(1);
    expect(getCourier().sends.get(recorded.id)).to.equal(1);
  });

  it('refuses a new storage name once storage is in use', () => {
    const problems = configure({ storageName: 'another-name' });
    expect(problems.map((problem) => problem.option)).to.deep.equal(['storageName']);
  });

  it('bounds the outbox: the oldest waiting receipt is dropped and reported', async () => {
    configure({ transport: () => false, maxAttempts: 1, outbox: { maxEntries: 3 } });
    const waiting = (await pendingReceipts()).length;
    expect(waiting).to.be.lessThan(3);
    const ids: string[] = [];
    for (let index = 0; index < 3 - waiting; index++) ids.push((await recordDecision(decision)).id);
    const oldest = (await pendingReceipts())[0]!.id;
    const dropped = eventFor('receipt-delivery-failed', oldest);
    const reported = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('assent-error', (event) => resolve(event as CustomEvent), { once: true }),
    );
    const newest = await recordDecision(decision);
    expect((await dropped).detail.error).to.equal('dropped');
    expect((await reported).detail.code).to.equal('outbox-full');
    const left = (await pendingReceipts()).map((entry) => entry.id);
    expect(left).to.have.length(3);
    expect(left).not.to.include(oldest);
    expect(left).to.include(newest.id);
  });

  it('drops and reports receipts older than outbox.maxAgeMs', async () => {
    configure({ transport: () => false, maxAttempts: 1 });
    const recorded = await recordDecision(decision);
    await eventFor('receipt-delivery-failed', recorded.id);
    const expired = eventFor('receipt-delivery-failed', recorded.id);
    await new Promise((resolve) => setTimeout(resolve, 30));
    configure({ outbox: { maxAgeMs: 10 } });
    expect((await expired).detail.error).to.equal('expired');
    expect((await pendingReceipts()).map((entry) => entry.id)).not.to.include(recorded.id);
  });

  it('classifies answers and computes jittered exponential backoff', () => {
    const status = (code: number) => classifyStatus(new Response(null, { status: code })).kind;
    expect([200, 201, 204].map(status)).to.deep.equal(['acknowledged', 'acknowledged', 'acknowledged']);
    expect([500, 502, 503, 408, 429, 401].map(status)).to.deep.equal(Array(6).fill('retry'));
    expect([400, 404, 409, 413, 415, 422].map(status)).to.deep.equal(Array(6).fill('rejected'));
    const retryAfter = classifyStatus(new Response(null, { status: 429, headers: { 'Retry-After': '3' } }));
    expect(retryAfter).to.deep.include({ kind: 'retry', retryAfterMs: 3000 });
    const config = {
      ...DEFAULT_CONFIG,
      backoff: { initialMs: 1000, factor: 2, maxMs: 8000 },
    } as AssentConfig;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, config, () => 1))).to.deep.equal([
      1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect([1, 2, 3].map((n) => backoffDelay(n, config, () => 0))).to.deep.equal([500, 1000, 2000]);
  });
});
