/**
 * The page side of the transparency-log e2e test: the real receipts layer, bundled with esbuild,
 * exposed as `window.logHarness` for playwright to drive.
 */
import { recordDecision, type DecisionInput } from '../../../src/consent/index.js';
import {
  configure,
  forgetTreeHead,
  knownTreeHead,
  pendingReceipts,
  retryDelivery,
  startDelivery,
} from '../../../src/delivery/index.js';

const events: { type: string; id?: string; code?: string; error?: string; message?: string }[] = [];
for (const type of ['receipt-delivered', 'receipt-delivery-failed', 'assent-error']) {
  document.addEventListener(type, (event) => {
    const detail = (event as CustomEvent).detail ?? {};
    events.push({ type, id: detail.id, code: detail.code, error: detail.error, message: detail.message });
  });
}

// `?endpoint=` sends to another receiver (cross-origin); the default is this page's own.
const endpoint = new URLSearchParams(location.search).get('endpoint') ?? '/api/receipts';
// Parked receipts would normally get a new round after 300 ms: a log-inconsistent one must not.
configure({
  endpoint,
  maxAttempts: 3,
  timeoutMs: 2000,
  backoff: { initialMs: 50, factor: 2, maxMs: 200 },
  retryParkedAfterMs: 300,
});
startDelivery();

const decision: DecisionInput = {
  type: 'agreement',
  decision: 'accepted',
  locale: 'zh-CN',
  documents: [
    {
      id: 'terms',
      version: '1',
      title: '用户协议',
      sha256: 'e'.repeat(64),
      read: { reachedEnd: true, dwellMs: 1000, keyClausesSeen: 1, keyClausesTotal: 1 },
    },
  ],
  method: { element: 'api', action: 'accept', label: '同意' },
};

const logHarness = {
  async record(): Promise<string> {
    return (await recordDecision(decision)).id;
  },
  async pending() {
    return (await pendingReceipts()).map(({ id, parked, status, lastError }) => ({
      id,
      parked,
      status,
      lastError,
    }));
  },
  knownHead: () => knownTreeHead(endpoint),
  forget: () => forgetTreeHead(endpoint),
  retry: (logInconsistent: boolean) => retryDelivery({ logInconsistent }),
  events: () => events,
};

(window as unknown as { logHarness: typeof logHarness }).logHarness = logHarness;
document.documentElement.dataset.ready = 'true';
