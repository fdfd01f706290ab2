/**
 * `assent/receiver` (Node only): the shipped receiver, to run as it is (`assent serve`) or to mount in
 * a host's own server (node:http, Express, Fastify, Hono). See docs/receiver.md.
 */
export {
  createReceiver,
  startReceiver,
  LOOPBACK_HOSTS,
  type Receiver,
  type ReceiverOptions,
  type RunningReceiver,
  type StartOptions,
} from './server.js';
export { sqliteStore, type SqliteStoreOptions } from './sqlite.js';
export { postgresStore, type PostgresStoreOptions } from './postgres.js';
export { ReceiverKey, TREE_HEAD_TYP, type TreeHead, type TreeHeadPayload } from './log.js';
export type {
  AppendOutcome,
  AppendResult,
  ChainStatus,
  NewReceipt,
  ReceiptStore,
  ReceiptSummary,
  StoredReceipt,
} from './store.js';
export {
  toKantara,
  toIso27560,
  exportReceipt,
  checkExportConfig,
  ExportConfigError,
  EXPORT_FORMATS,
  type ExportConfig,
  type ExportFormat,
  type KantaraReceipt,
  type VerifiedReceipt,
} from './formats.js';
