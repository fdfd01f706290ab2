/**
 * The store for scale: PostgreSQL through `pg` (an optional peer dependency). Any number of receiver
 * processes may share one database: an append takes a transaction-scoped advisory lock, so leaf
 * indexes form one gapless sequence and a receipt id is stored once, whichever process gets it.
 */
import type Pg from 'pg';
import {
  chainStatusSql,
  loadDriver,
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

const SCHEMA_VERSION = 1;
/** Arbitrary constants naming the advisory locks (migration, log appends) of this schema. */
const MIGRATION_LOCK = 0x61737365;
const APPEND_LOCK = 0x61737366;

const MIGRATIONS = [
  // 0 -> 1
  `CREATE TABLE receipts (
     id TEXT PRIMARY KEY,
     leaf_index BIGINT NOT NULL UNIQUE,
     leaf_hash BYTEA NOT NULL,
     jws TEXT NOT NULL,
     jws_sha256 TEXT NOT NULL,
     kid TEXT NOT NULL,
     seq BIGINT NOT NULL,
     prev TEXT,
     type TEXT NOT NULL,
     decision TEXT NOT NULL,
     issued_at TEXT NOT NULL,
     received_at TEXT NOT NULL,
     documents JSONB NOT NULL,
     verified BOOLEAN NOT NULL,
     host_countersignature TEXT
   );
   CREATE INDEX receipts_chain ON receipts (kid, seq);`,
];

const COLUMNS =
  'id, leaf_index, leaf_hash, jws, jws_sha256, kid, seq, prev, type, decision, issued_at, received_at, documents, verified, host_countersignature';

const CHAIN_STATUS = chainStatusSql('NOT r.verified');

export interface PostgresStoreOptions {
  /** `postgres://user@host:port/db`; or give `pool`. */
  connectionString?: string;
  /** A `pg.Pool` of the host's (closed by the host, not by the store). */
  pool?: Pg.Pool;
  /** Connections of the store's own pool (default 10). */
  max?: number;
}

class PostgresStore implements ReceiptStore {
  private readonly pool: Pg.Pool;
  private readonly ownsPool: boolean;
  private ready: Promise<void> | undefined;

  constructor(options: PostgresStoreOptions) {
    if (options.pool) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      const pg = loadDriver<typeof Pg>('pg', 'PostgreSQL');
      this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
      this.ownsPool = true;
      // An idle connection lost (server restart) is reported here; the pool makes a new one on demand.
      this.pool.on('error', () => {});
    }
  }

  /** Creates or upgrades the schema once per process, under a lock so concurrent processes do it once. */
  private migrate(): Promise<void> {
    this.ready ??= this.inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS assent_schema (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM assent_schema');
      const version = rows[0]?.version ?? 0;
      if (version > SCHEMA_VERSION)
        throw new Error(
          `The receipts database is version ${version}; this receiver knows ${SCHEMA_VERSION}.`,
        );
      for (let step = version; step < SCHEMA_VERSION; step++) await client.query(MIGRATIONS[step]!);
      await client.query('DELETE FROM assent_schema');
      await client.query('INSERT INTO assent_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async inTransaction<T>(work: (client: Pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // A checked-out client has no listener of the pool's: without one, a connection the server ends
    // mid-transaction (restart, pg_terminate_backend) is an unhandled 'error' that kills the process.
    // The query under way fails on its own; the client is then discarded, not pooled.
    const onLost = () => {
      broken = true;
    };
    client.on('error', onLost);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.off('error', onLost);
      client.release(broken);
    }
  }

  private async query<R extends Pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    await this.migrate();
    return (await this.pool.query<R>(text, values)).rows;
  }

  async append(receipts: readonly NewReceipt[]): Promise<AppendOutcome> {
    await this.migrate();
    return this.inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const ids = [...new Set(receipts.map(({ id }) => id))];
      const { rows } = await client.query<ReceiptRow>(
        `SELECT ${COLUMNS} FROM receipts WHERE id = ANY($1::text[])`,
        [ids],
      );
      const stored = new Map(rows.map((row) => [row.id, rowToStored(row)]));
      const sizeRows = await client.query<{ n: string }>(
        'SELECT coalesce(max(leaf_index), -1) + 1 AS n FROM receipts',
      );
      let size = Number(sizeRows.rows[0]!.n);
      const results: AppendResult[] = [];
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (const receipt of receipts) {
        const existing = stored.get(receipt.id);
        if (existing) {
          results.push({ created: false, existing });
          continue;
        }
        const created: StoredReceipt = { ...receipt, leafIndex: size++ };
        stored.set(created.id, created);
        results.push({ created: true, receipt: created });
        const base = values.length;
        tuples.push(`(${Array.from({ length: 15 }, (_, index) => `$${base + index + 1}`).join(', ')})`);
        values.push(
          created.id,
          created.leafIndex,
          Buffer.from(created.leafHash.buffer, created.leafHash.byteOffset, created.leafHash.length),
          created.jws,
          created.jwsSha256,
          created.kid,
          created.seq,
          created.prev,
          created.type,
          created.decision,
          created.issuedAt,
          created.receivedAt,
          JSON.stringify(created.documents),
          created.verified,
          created.hostCountersignature,
        );
      }
      if (tuples.length > 0)
        await client.query(`INSERT INTO receipts (${COLUMNS}) VALUES ${tuples.join(', ')}`, values);
      return { results, size };
    });
  }

  async get(id: string): Promise<StoredReceipt | undefined> {
    const [row] = await this.query<ReceiptRow>(`SELECT ${COLUMNS} FROM receipts WHERE id = $1`, [id]);
    return row && rowToStored(row);
  }

  async leafHashes(from: number, to = Number.MAX_SAFE_INTEGER): Promise<Uint8Array[]> {
    const rows = await this.query<{ leaf_hash: Buffer }>(
      'SELECT leaf_hash FROM receipts WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index',
      [from, to],
    );
    return rows.map(({ leaf_hash }) => new Uint8Array(leaf_hash));
  }

  async list({ limit, offset }: { limit: number; offset: number }): Promise<ReceiptSummary[]> {
    const rows = await this.query<ReceiptRow>(
      `SELECT r.id, r.kid, r.seq, r.type, r.decision, r.issued_at, r.received_at, r.documents, r.verified, r.leaf_index,
              ${CHAIN_STATUS} AS chain
         FROM receipts r ORDER BY r.leaf_index LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return rows.map(rowToSummary);
  }

  async count(): Promise<number> {
    const [row] = await this.query<{ n: string }>('SELECT count(*) AS n FROM receipts');
    return Number(row!.n);
  }

  async chainStatus(id: string): Promise<ChainStatus | undefined> {
    const [row] = await this.query<{ chain: ChainStatus }>(
      `SELECT ${CHAIN_STATUS} AS chain FROM receipts r WHERE r.id = $1`,
      [id],
    );
    return row?.chain;
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}

/** A store in PostgreSQL (pg must be installed); the schema is made on first use. */
export function postgresStore(options: PostgresStoreOptions): ReceiptStore {
  return new PostgresStore(options);
}
