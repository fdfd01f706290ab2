/**
 * Delivery of receipts to the host's backend: a durable outbox in IndexedDB, POST (or the host's
 * transport), retries with backoff across page loads, `pagehide` keepalive, one sender per receipt
 * across tabs.
 */
import { getCourier } from './courier.js';
import { endpointKey } from './log-check.js';
import { getConfig } from '../consent/config.js';
import { getStorage, type OutboxEntry, type TreeHeadRecord } from '../internal/store.js';

export type { OutboxEntry, TreeHeadRecord } from '../internal/store.js';
export { DB_NAME, DB_VERSION } from '../internal/store.js';
export { COUNTERSIGNATURE_HEADER, KNOWN_TREE_SIZE_HEADER } from './send.js';
export { configure } from './configure.js';
export { resumeDeliveryWhenIdle } from './resume.js';

/** Starts delivering what earlier pages left in the outbox (also started by `configure` and every new receipt). */
export function startDelivery(): void {
  getCourier().start();
}

/**
 * Gives receipts whose attempts were used up a new round now (e.g. after the host fixed its backend).
 * Receipts held back because their receiver's transparency log did not hold up (`status:
 * 'log-inconsistent'`) are included only with `{ logInconsistent: true }`.
 */
export function retryDelivery(options: { logInconsistent?: boolean } = {}): Promise<void> {
  return getCourier().retryParked(options);
}

/** The last verified tree head of `endpoint`'s transparency log, if this browser has one. */
export async function knownTreeHead(endpoint: string): Promise<TreeHeadRecord | undefined> {
  return (await getStorage(getConfig().storageName)).getTreeHead(endpointKey(endpoint));
}

/**
 * Forgets `endpoint`'s tree head and pinned receiver key: the next answer starts a new log. Only
 * for a receiver that was deliberately replaced; a rewritten history is what the pin catches.
 */
export async function forgetTreeHead(endpoint: string): Promise<void> {
  await (await getStorage(getConfig().storageName)).deleteTreeHead(endpointKey(endpoint));
}

/** Receipts still waiting for the backend's acknowledgement, oldest first. */
export function pendingReceipts(): Promise<OutboxEntry[]> {
  return getCourier().pending();
}

/** Where a receipt still in the outbox stands: waiting for a send, or attempts used up (`failed`). */
export type OutboxState = 'pending' | 'failed';

/**
 * The receipts still waiting for the backend, by id; a receipt absent from the answer was
 * acknowledged (or given up on, which `receipt-delivery-failed` announced). Never rejects.
 */
export async function deliveryStates(): Promise<Map<string, OutboxState>> {
  const entries = await getCourier()
    .pending()
    .catch(() => []);
  return new Map(entries.map((entry) => [entry.id, entry.parked ? 'failed' : 'pending']));
}
