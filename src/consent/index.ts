/**
 * Receipts: configure once, record decisions, and (for hosts) watch delivery. Elements call
 * `recordDecision`; hosts call `configure` and listen for `receipt-*` events on `document`.
 */
export { recordDecision, canSign, pageAddress } from './record.js';
export { getConfig, resetConfig, validateConfig, DEFAULT_CONFIG } from './config.js';
export { configure } from './setup.js';
export { decisionHistory, onHistoryChange, clearHistory, withdrawDecision } from './history.js';
export type { DecisionRecord, DecisionStanding, HistoryEntry, WithdrawOptions } from './history.js';
export type {
  AssentConfig,
  BackoffOptions,
  ConfigOptions,
  ConfigProblem,
  Countersign,
  OutboxLimits,
  Provider,
  Transport,
  TransportContext,
} from './config.js';
export { ReceiptError } from './errors.js';
export type { ReceiptErrorCode } from './errors.js';
export {
  startDelivery,
  retryDelivery,
  pendingReceipts,
  deliveryStates,
  COUNTERSIGNATURE_HEADER,
} from '../delivery/index.js';
export type { OutboxEntry, OutboxState } from '../delivery/index.js';
export type * from '../receipt/types.js';
