/**
 * The embedded store: better-sqlite3 (an optional peer dependency), WAL, one file, schema versioned
 * with `user_version`. Several processes may share the file: each append is one IMMEDIATE
 * transaction, so leaf indexes are handed out by one writer at a time.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import {
  chainStatusSql,
  loadDriver,
  quotaGate,
  type AppendOptions,
  rowToStored,
  rowToSummary,
  type ReceiptRow,
  type AppendOutcome,
  type AppendResult,
  type ChainStatus,
  type NewReceipt,
  type ReceiptStore,
  type ReceiptSummary,
  type StoredReceipt,
} from './store.js';

const SCHEMA_VERSION = 2;

const RECEIPTS_TABLE = `CREATE TABLE receipts (
     id TEXT PRIMARY KEY,
     leaf_index INTEGER NOT NULL UNIQUE,
     leaf_hash BLOB NOT NULL,
     jws TEXT NOT NULL,
     jws_sha256 TEXT NOT NULL,
     kid TEXT NOT NULL,
     seq INTEGER NOT NULL,
     prev TEXT,
     type TEXT NOT NULL,
     decision TEXT NOT NULL,
     issued_at TEXT NOT NULL,
     received_at TEXT NOT NULL,
     documents TEXT NOT NULL,
     verified INTEGER NOT NULL,
     host_countersignature TEXT
   );
   CREATE INDEX receipts_chain ON receipts (kid, seq);`;

const CHAIN_STATUS = chainStatusSql('r.verified = 0');

/** Version 1 (the demo receiver's) had countersignatures and no log: its receipts become leaves in arrival order. */
function migrateFromVersion1(db: BetterSqlite3.Database): void {
  db.exec(
    'ALTER TABLE receipts RENAME TO receipts_v1; DROP INDEX IF EXISTS receipts_chain; DROP INDEX IF EXISTS receipts_hash;',
  );
  db.exec(RECEIPTS_TABLE);
  const insert = db.prepare(
    `INSERT INTO receipts SELECT id, ?, ?, jws, jws_sha256, kid, seq, prev, type, decision, issued_at, received_at, documents, verified, host_countersignature FROM receipts_v1 WHERE id = ?`,
  );
  const rows = db
    .prepare<[], { id: string; jws: string }>('SELECT id, jws FROM receipts_v1 ORDER BY rowid')
    .all();
  rows.forEach(({ id, jws }, index) => {
    insert.run(
      index,
      createHash('sha256')
        .update(Buffer.from([0]))
        .update(jws)
        .digest(),
      id,
    );
  });
  db.exec('DROP TABLE receipts_v1');
}

export interface SqliteStoreOptions {
  /** The database file (created when missing), e.g. `DATA_DIR/receipts.sqlite3`. */
  file: string;
}

class SqliteStore implements ReceiptStore {
  private readonly db: BetterSqlite3.Database;
  private readonly statements;
  private readonly appendTransaction;

  constructor(options: SqliteStoreOptions) {
    const Database = loadDriver<typeof BetterSqlite3>('better-sqlite3', 'SQLite');
    // Made here with 0600: SQLite gives its -wal and -shm files the database's mode, so all stay private.
    if (options.file !== ':memory:' && options.file !== '' && !existsSync(options.file))
      closeSync(openSync(options.file, 'a', 0o600));
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    // WAL + NORMAL: durable across application crashes; a power cut may lose the last transactions.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.statements = {
      get: this.db.prepare<[string], ReceiptRow>('SELECT * FROM receipts WHERE id = ?'),
      size: this.db.prepare<[], { n: number }>('SELECT coalesce(max(leaf_index), -1) + 1 AS n FROM receipts'),
      insert: this.db.prepare(
        `INSERT INTO receipts (id, leaf_index, leaf_hash, jws, jws_sha256, kid, seq, prev, type, decision, issued_at, received_at, documents, verified, host_countersignature)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      ),
      leaves: this.db
        .prepare<[number, number], Buffer>(
          'SELECT leaf_hash FROM receipts WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index',
        )
        .pluck(),
      list: this.db.prepare<[number, number], ReceiptRow>(
        `SELECT r.*, ${CHAIN_STATUS} AS chain FROM receipts r ORDER BY r.leaf_index LIMIT ? OFFSET ?`,
      ),
      count: this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM receipts'),
      chain: this.db.prepare<[string], { chain: ChainStatus }>(
        `SELECT ${CHAIN_STATUS} AS chain FROM receipts r WHERE r.id = ?`,
      ),
      usage: this.db
        .prepare<[string, string], number>(
          'SELECT coalesce(sum(length(jws)), 0) FROM receipts WHERE kid = ? AND substr(received_at, 1, 10) = ?',
        )
        .pluck(),
    };
    this.appendTransaction = this.db.transaction(
      (receipts: readonly NewReceipt[], options: AppendOptions): AppendOutcome => {
        let size = this.statements.size.get()!.n;
        const fresh = new Map<string, StoredReceipt>();
        const results: AppendResult[] = [];
        const quota = options.quotaBytesPerKeyPerDay;
        const withinQuota = quotaGate(quota, (kid, day) => this.statements.usage.get(kid, day)!);
        for (const receipt of receipts) {
          const earlier = fresh.get(receipt.id);
          if (earlier) {
            results.push({ created: false, existing: earlier });
            continue;
          }
          if (quota !== undefined) {
            // A receipt already stored answers as before; only new bytes count against the quota.
            const row = this.statements.get.get(receipt.id);
            if (row) {
              results.push({ created: false, existing: rowToStored(row) });
              continue;
            }
            if (!withinQuota(receipt)) {
              results.push({ created: false, quotaExceeded: true });
              continue;
            }
          }
          // Insert first, look up only on a conflict: new receipts (the common case) cost one statement.
          const stored: StoredReceipt = { ...receipt, leafIndex: size };
          // Positional parameters, in the column order above: cheaper to bind than named ones.
          const { changes } = this.statements.insert.run(
            stored.id,
            stored.leafIndex,
            Buffer.from(stored.leafHash.buffer, stored.leafHash.byteOffset, stored.leafHash.length),
            stored.jws,
            stored.jwsSha256,
            stored.kid,
            stored.seq,
            stored.prev,
            stored.type,
            stored.decision,
            stored.issuedAt,
            stored.receivedAt,
            JSON.stringify(stored.documents),
            stored.verified ? 1 : 0,
            stored.hostCountersignature,
          );
          if (changes === 0) {
            results.push({ created: false, existing: rowToStored(this.statements.get.get(receipt.id)!) });
            continue;
          }
          size++;
          fresh.set(stored.id, stored);
          results.push({ created: true, receipt: stored });
        }
        return { results, size };
      },
    );
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    if (version > SCHEMA_VERSION)
      throw new Error(`The receipts database is version ${version}; this receiver knows ${SCHEMA_VERSION}.`);
    this.db
      .transaction(() => {
        // Another process may have migrated meanwhile: read the version again inside the write lock.
        const current = this.db.pragma('user_version', { simple: true }) as number;
        if (current === 0) this.db.exec(RECEIPTS_TABLE);
        else if (current === 1) migrateFromVersion1(this.db);
        this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })
      .immediate();
  }

  async append(receipts: readonly NewReceipt[], options: AppendOptions = {}): Promise<AppendOutcome> {
    return this.appendTransaction.immediate(receipts, options);
  }

  async get(id: string): Promise<StoredReceipt | undefined> {
    const row = this.statements.get.get(id);
    return row && rowToStored(row);
  }

  async leafHashes(from: number, to = Number.MAX_SAFE_INTEGER): Promise<Uint8Array[]> {
    return this.statements.leaves.all(from, to).map((hash) => new Uint8Array(hash));
  }

  async list({ limit, offset }: { limit: number; offset: number }): Promise<ReceiptSummary[]> {
    return this.statements.list.all(limit, offset).map(rowToSummary);
  }

  async count(): Promise<number> {
    return this.statements.count.get()!.n;
  }

  async chainStatus(id: string): Promise<ChainStatus | undefined> {
    return this.statements.chain.get(id)?.chain;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** The embedded store in one SQLite file (better-sqlite3 must be installed). */
export function sqliteStore(options: SqliteStoreOptions): ReceiptStore {
  return new SqliteStore(options);
}
