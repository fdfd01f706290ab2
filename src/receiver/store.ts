/**
 * Storage behind the receiver's HTTP layer. `ReceiptStore` is all the server uses, so a PostgreSQL
 * store can replace SQLite without touching the HTTP code; `SqliteReceiptStore` is the reference
 * (better-sqlite3, WAL, one file in the data folder, schema versioned with `user_version`).
 */
import Database from 'better-sqlite3';

/** Where a receipt stands in its key's chain, as far as this backend has seen. */
export type ChainStatus = 'start' | 'linked' | 'gap' | 'fork' | 'unchained';

export interface StoredReceipt {
  id: string;
  /** The compact JWS exactly as received. */
  jws: string;
  jwsSha256: string;
  kid: string;
  seq: number;
  prev: string | null;
  type: string;
  decision: string;
  issuedAt: string;
  receivedAt: string;
  documents: { id: string; version: string; sha256: string }[];
  verified: boolean;
  /** The receiver's countersignature (compact JWS over the JWS hash and `receivedAt`). */
  countersignature: string;
  /** What the host page's `countersign` callback produced, if it sent one. */
  hostCountersignature: string | null;
}

export interface ReceiptSummary extends Omit<
  StoredReceipt,
  'jws' | 'countersignature' | 'hostCountersignature' | 'jwsSha256' | 'prev' | 'seq'
> {
  seq: number;
  chain: ChainStatus;
}

export type InsertResult = { inserted: true } | { inserted: false; existing: StoredReceipt };

/** Asynchronous throughout, so a networked database (PostgreSQL) fits behind it unchanged. */
export interface ReceiptStore {
  get(id: string): Promise<StoredReceipt | undefined>;
  /** Inserts unless the id exists; then returns what is stored under it. Atomic; durable when it resolves. */
  insert(receipt: StoredReceipt): Promise<InsertResult>;
  list(options: { limit: number; offset: number }): Promise<ReceiptSummary[]>;
  count(): Promise<number>;
  chainStatus(id: string): Promise<ChainStatus | undefined>;
  close(): Promise<void>;
}

const SCHEMA_VERSION = 1;
const MIGRATIONS: string[] = [
  // 0 -> 1
  `CREATE TABLE receipts (
     id TEXT PRIMARY KEY,
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
     countersignature TEXT NOT NULL,
     host_countersignature TEXT
   );
   CREATE INDEX receipts_chain ON receipts (kid, seq);
   CREATE INDEX receipts_hash ON receipts (jws_sha256);`,
];

interface Row {
  id: string;
  jws: string;
  jws_sha256: string;
  kid: string;
  seq: number;
  prev: string | null;
  type: string;
  decision: string;
  issued_at: string;
  received_at: string;
  documents: string;
  verified: number;
  countersignature: string;
  host_countersignature: string | null;
  chain?: ChainStatus;
}

/** Chain status in SQL: a fork beats everything; seq 0 starts; a stored predecessor whose hash is `prev` links. */
const CHAIN_STATUS = `CASE
  WHEN r.verified = 0 THEN 'unchained'
  WHEN EXISTS (SELECT 1 FROM receipts o WHERE o.kid = r.kid AND o.seq = r.seq AND o.id <> r.id) THEN 'fork'
  WHEN r.seq = 0 THEN 'start'
  WHEN EXISTS (SELECT 1 FROM receipts p WHERE p.kid = r.kid AND p.seq = r.seq - 1 AND p.jws_sha256 = r.prev) THEN 'linked'
  ELSE 'gap' END`;

function toStored(row: Row): StoredReceipt {
  return {
    id: row.id,
    jws: row.jws,
    jwsSha256: row.jws_sha256,
    kid: row.kid,
    seq: row.seq,
    prev: row.prev,
    type: row.type,
    decision: row.decision,
    issuedAt: row.issued_at,
    receivedAt: row.received_at,
    documents: JSON.parse(row.documents),
    verified: row.verified === 1,
    countersignature: row.countersignature,
    hostCountersignature: row.host_countersignature,
  };
}

/**
 * better-sqlite3 is synchronous; `SqliteReceiptStore` wraps it in the async interface and adds group
 * commit: inserts that arrive in the same turn of the event loop share one transaction (one WAL
 * commit), which is what makes many small concurrent POSTs cheap.
 */
export class SqliteReceiptStore implements ReceiptStore {
  private readonly db: Database.Database;
  private readonly statements;
  private queue: {
    receipt: StoredReceipt;
    resolve: (result: InsertResult) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private flushScheduled = false;

  /**
   * @param commitWindowMs how long an insert may wait for others to share its commit (0: until the
   *   current turn of the event loop ends). A few ms trade latency for fewer, larger commits.
   */
  constructor(
    file: string,
    private readonly commitWindowMs = Number(process.env.RECEIVER_COMMIT_WINDOW_MS ?? 0),
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // WAL + NORMAL: durable across application crashes; a power cut may lose the last transactions.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.statements = {
      get: this.db.prepare<[string], Row>('SELECT * FROM receipts WHERE id = ?'),
      insert: this.db.prepare(
        `INSERT INTO receipts (id, jws, jws_sha256, kid, seq, prev, type, decision, issued_at, received_at, documents, verified, countersignature, host_countersignature)
         VALUES (@id, @jws, @jws_sha256, @kid, @seq, @prev, @type, @decision, @issued_at, @received_at, @documents, @verified, @countersignature, @host_countersignature)
         ON CONFLICT (id) DO NOTHING`,
      ),
      list: this.db.prepare<[number, number], Row>(
        `SELECT r.*, ${CHAIN_STATUS} AS chain FROM receipts r ORDER BY r.rowid LIMIT ? OFFSET ?`,
      ),
      count: this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM receipts'),
      chain: this.db.prepare<[string], { chain: ChainStatus }>(
        `SELECT ${CHAIN_STATUS} AS chain FROM receipts r WHERE r.id = ?`,
      ),
    };
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION)
      throw new Error(`The receipts database is version ${version}; this receiver knows ${SCHEMA_VERSION}.`);
    this.db.transaction(() => {
      for (let step = version; step < SCHEMA_VERSION; step++) this.db.exec(MIGRATIONS[step]!);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  /** Synchronous lookup (tests and tools in the same process). */
  getNow(id: string): StoredReceipt | undefined {
    const row = this.statements.get.get(id);
    return row && toStored(row);
  }

  async get(id: string): Promise<StoredReceipt | undefined> {
    return this.getNow(id);
  }

  insert(receipt: StoredReceipt): Promise<InsertResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ receipt, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        if (this.commitWindowMs > 0) setTimeout(() => this.flush(), this.commitWindowMs);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    let results: InsertResult[];
    try {
      results = this.db.transaction(() => batch.map(({ receipt }) => this.insertOne(receipt)))();
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    batch.forEach(({ resolve }, index) => resolve(results[index]!));
  }

  private insertOne(receipt: StoredReceipt): InsertResult {
    const result = this.statements.insert.run({
      id: receipt.id,
      jws: receipt.jws,
      jws_sha256: receipt.jwsSha256,
      kid: receipt.kid,
      seq: receipt.seq,
      prev: receipt.prev,
      type: receipt.type,
      decision: receipt.decision,
      issued_at: receipt.issuedAt,
      received_at: receipt.receivedAt,
      documents: JSON.stringify(receipt.documents),
      verified: receipt.verified ? 1 : 0,
      countersignature: receipt.countersignature,
      host_countersignature: receipt.hostCountersignature,
    });
    if (result.changes === 1) return { inserted: true };
    return { inserted: false, existing: this.getNow(receipt.id)! };
  }

  async list({ limit, offset }: { limit: number; offset: number }): Promise<ReceiptSummary[]> {
    return this.statements.list.all(limit, offset).map((row) => {
      const {
        jws: _jws,
        countersignature: _c,
        hostCountersignature: _h,
        jwsSha256: _s,
        prev: _p,
        ...rest
      } = toStored(row);
      return { ...rest, chain: row.chain! };
    });
  }

  async count(): Promise<number> {
    return this.statements.count.get()!.n;
  }

  async chainStatus(id: string): Promise<ChainStatus | undefined> {
    return this.statements.chain.get(id)?.chain;
  }

  async close(): Promise<void> {
    if (this.queue.length > 0) this.flush();
    this.db.close();
  }
}
