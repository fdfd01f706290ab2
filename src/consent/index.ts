/**
 * Receipts: settings and recording decisions. Elements call `recordDecision`; hosts call `configure`
 * (in `delivery/`, which also starts delivery) and listen for `receipt-*` events on `document`.
 */
export { recordDecision, canSign, pageAddress } from './record.js';
export { getConfig, resetConfig, validateConfig, DEFAULT_CONFIG } from './config.js';
export { decisionHistory, onHistoryChange, clearHistory } from './history.js';
export type { DecisionRecord, DecisionStanding, HistoryEntry } from './history.js';
export { withdrawDecision } from './agreement-decision.js';
export type { WithdrawOptions } from './agreement-decision.js';
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
export type { OutboxEntry } from '../internal/store.js';
export type * from '../receipt/types.js';
