/**
 * The page side of the delivery e2e tests: the real receipts layer, bundled with esbuild, exposed
 * as `window.harness` for playwright to drive. Settings come from the query string.
 */
import { recordDecision, type DecisionInput } from '../../../src/consent/index.js';
import { configure, pendingReceipts, startDelivery } from '../../../src/delivery/index.js';
import { getCourier } from '../../../src/delivery/courier.js';

const params = new URLSearchParams(location.search);
const number = (name: string, fallback: number) => Number(params.get(name) ?? fallback);

const events: { type: string; id?: string; code?: string; error?: string }[] = [];
for (const type of ['receipt-created', 'receipt-delivered', 'receipt-delivery-failed', 'assent-error']) {
  document.addEventListener(type, (event) => {
    const detail = (event as CustomEvent).detail ?? {};
    events.push({ type, id: detail.id, code: detail.code, error: detail.error });
  });
}

configure({
  maxAttempts: number('maxAttempts', 12),
  timeoutMs: number('timeoutMs', 800),
  backoff: { initialMs: number('initialMs', 100), factor: 2, maxMs: number('maxMs', 800) },
  allowUnsigned: params.get('allowUnsigned') === '1',
});
startDelivery();

const decision = (index: number): DecisionInput => ({
  type: 'agreement',
  decision: 'accepted',
  locale: 'zh-CN',
  documents: [
    {
      id: 'terms',
      version: '1',
      title: '用户协议',
      sha256: 'e'.repeat(64),
      read: { reachedEnd: true, dwellMs: 1000 + index, keyClausesSeen: 1, keyClausesTotal: 1 },
    },
  ],
  method: { element: 'api', action: 'accept', label: '同意' },
});

const harness = {
  /** Records `count` acceptances one after another; resolves with their ids and what went wrong. */
  async record(
    count: number,
  ): Promise<{ ids: string[]; errors: string[]; ephemeral: boolean[]; signed: boolean[] }> {
    const ids: string[] = [];
    const errors: string[] = [];
    const ephemeral: boolean[] = [];
    const signed: boolean[] = [];
    for (let index = 0; index < count; index++) {
      try {
        const recorded = await recordDecision(decision(index));
        ids.push(recorded.id);
        ephemeral.push(recorded.ephemeralKey === true);
        signed.push(recorded.signed !== false);
      } catch (error) {
        errors.push((error as { code?: string }).code ?? String(error));
      }
    }
    return { ids, errors, ephemeral, signed };
  },
  async pending(): Promise<string[]> {
    return (await pendingReceipts()).map((entry) => entry.id);
  },
  /** Sends this page made, per id (regular and pagehide keepalive). */
  sends(): Record<string, number> {
    return Object.fromEntries(getCourier().sends);
  },
  events: () => events,
  // self.origin is the document's origin ("null" when sandboxed); location.origin is the URL's.
  secure: () => ({ isSecureContext, subtle: typeof crypto.subtle !== 'undefined', origin: self.origin }),
};

(window as unknown as { harness: typeof harness }).harness = harness;
document.documentElement.dataset.ready = 'true';
