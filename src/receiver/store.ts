/**
 * Storage behind the receiver's HTTP layer. `ReceiptStore` is all the receiver uses, so SQLite (the
 * embedded default, ./sqlite.ts) and PostgreSQL (./postgres.ts) are interchangeable; both pass one
 * conformance suite (test/receiver/store-conformance.ts).
 *
 * Every stored receipt is also a leaf of the transparency log: the store hands out leaf indexes,
 * one gapless sequence even when several receiver processes share a database.
 */
import { createRequire } from 'node:module';

/** Where a receipt stands in its key's chain, as far as this backend has seen. */
export type ChainStatus = 'start' | 'linked' | 'gap' | 'fork' | 'unchained';

/** A verified receipt on its way into the store. */
export interface NewReceipt {
  id: string;
  /** The compact JWS exactly as received. */
  jws: string;
  jwsSha256: string;
  /** RFC 9162 leaf hash of the JWS bytes: sha256(0x00 ‖ jws). */
  leafHash: Uint8Array;
  kid: string;
  seq: number;
  prev: string | null;
  type: string;
  decision: string;
  issuedAt: string;
  receivedAt: string;
  documents: { id: string; version: string; sha256: string }[];
  verified: boolean;
  /** What the host page's `countersign` callback produced, if it sent one. */
  hostCountersignature: string | null;
}

export interface StoredReceipt extends NewReceipt {
  /** Position in the transparency log (0-based). */
  leafIndex: number;
}

/** What a listing shows of a stored receipt (not its bytes), with its chain status. */
export interface ReceiptSummary extends Pick<
  StoredReceipt,
  | 'id'
  | 'kid'
  | 'seq'
  | 'type'
  | 'decision'
  | 'issuedAt'
  | 'receivedAt'
  | 'documents'
  | 'verified'
  | 'leafIndex'
> {
  chain: ChainStatus;
}

export type AppendResult =
  { created: true; receipt: StoredReceipt } | { created: false; existing: StoredReceipt };

export interface AppendOutcome {
  results: AppendResult[];
  /** The number of leaves in the log right after this append committed. */
  size: number;
}

/** Asynchronous throughout, so a networked database fits behind it unchanged. */
export interface ReceiptStore {
  /**
   * Stores the receipts whose ids are new, in one transaction, giving them the next leaf indexes in
   * order; for an id already stored (or repeated in the batch) returns what is stored. Atomic and
   * durable when it resolves.
   */
  append(receipts: readonly NewReceipt[]): Promise<AppendOutcome>;
  get(id: string): Promise<StoredReceipt | undefined>;
  /** Leaf hashes from index `from` on, in order, up to `to` (exclusive) or the end. */
  leafHashes(from: number, to?: number): Promise<Uint8Array[]>;
  /** Receipts in log order. */
  list(options: { limit: number; offset: number }): Promise<ReceiptSummary[]>;
  count(): Promise<number>;
  chainStatus(id: string): Promise<ChainStatus | undefined>;
  close(): Promise<void>;
}

/**
 * A `receipts` row as a driver returns it; both backends share the column names. Drivers differ in
 * types: PostgreSQL's BIGINT arrives as a string and JSONB parsed, SQLite's booleans as 0/1 and JSON as text.
 */
export interface ReceiptRow {
  id: string;
  leaf_index: number | string;
  leaf_hash: Uint8Array;
  jws: string;
  jws_sha256: string;
  kid: string;
  seq: number | string;
  prev: string | null;
  type: string;
  decision: string;
  issued_at: string;
  received_at: string;
  documents: string | StoredReceipt['documents'];
  verified: boolean | number;
  host_countersignature: string | null;
  chain?: ChainStatus;
}

/** The columns a listing shows, as the store's types have them. */
function listed(row: ReceiptRow): Omit<ReceiptSummary, 'chain'> {
  return {
    id: row.id,
    kid: row.kid,
    seq: Number(row.seq),
    type: row.type,
    decision: row.decision,
    issuedAt: row.issued_at,
    receivedAt: row.received_at,
    documents: typeof row.documents === 'string' ? JSON.parse(row.documents) : row.documents,
    verified: row.verified === true || row.verified === 1,
    leafIndex: Number(row.leaf_index),
  };
}

export function rowToStored(row: ReceiptRow): StoredReceipt {
  return {
    ...listed(row),
    leafHash: new Uint8Array(row.leaf_hash),
    jws: row.jws,
    jwsSha256: row.jws_sha256,
    prev: row.prev,
    hostCountersignature: row.host_countersignature,
  };
}

/** A listing row (selected with its chain status) as a summary. */
export function rowToSummary(row: ReceiptRow): ReceiptSummary {
  return { ...listed(row), chain: row.chain! };
}

/**
 * Chain status in SQL, the same rule for every backend: a fork beats everything; seq 0 starts; a
 * stored predecessor whose hash is `prev` links. `unverified` is the backend's test for an unverified row `r`.
 */
export function chainStatusSql(unverified: string): string {
  return `CASE
  WHEN ${unverified} THEN 'unchained'
  WHEN EXISTS (SELECT 1 FROM receipts o WHERE o.kid = r.kid AND o.seq = r.seq AND o.id <> r.id) THEN 'fork'
  WHEN r.seq = 0 THEN 'start'
  WHEN EXISTS (SELECT 1 FROM receipts p WHERE p.kid = r.kid AND p.seq = r.seq - 1 AND p.jws_sha256 = r.prev) THEN 'linked'
  ELSE 'gap' END`;
}

/**
 * Loads an optional peer dependency (a database driver) when a store is made, not when
 * `assent/receiver` is imported, so a host installs only the driver it uses.
 */
export function loadDriver<T>(name: string, store: string): T {
  const require = createRequire(import.meta.url);
  try {
    return require(name) as T;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') {
      throw new Error(
        `assent/receiver: the ${store} store needs the optional peer dependency "${name}": npm install ${name}`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Same id and the same bytes: a duplicate, answered as the first time. */
export function isSameReceipt(stored: StoredReceipt, jws: string): boolean {
  return stored.jws === jws;
}
