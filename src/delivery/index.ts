/**
 * Delivery of receipts to the host's backend: a durable outbox in IndexedDB, POST (or the host's
 * transport), retries with backoff across page loads, `pagehide` keepalive, one sender per receipt
 * across tabs.
 */
import { getCourier } from './courier.js';
import type { OutboxEntry } from '../internal/store.js';

export type { OutboxEntry } from '../internal/store.js';
export { DB_NAME, DB_VERSION } from '../internal/store.js';
export { COUNTERSIGNATURE_HEADER } from './send.js';
export { configure } from './configure.js';
export { resumeDeliveryWhenIdle } from './resume.js';

/** Starts delivering what earlier pages left in the outbox (also started by `configure` and every new receipt). */
export function startDelivery(): void {
  getCourier().start();
}

/** Gives receipts whose attempts were used up a new round now (e.g. after the host fixed its backend). */
export function retryDelivery(): Promise<void> {
  return getCourier().retryParked();
}

/** Receipts still waiting for the backend's acknowledgement, oldest first. */
export function pendingReceipts(): Promise<OutboxEntry[]> {
  return getCourier().pending();
}
