/** Both stores through the one conformance suite: SQLite in a temporary file, PostgreSQL as a real server. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { postgresStore } from '../../src/receiver/postgres.js';
import { sqliteStore } from '../../src/receiver/sqlite.js';
import { postgresUnavailable, startPostgres, type Postgres } from '../support/postgres.js';
import { newReceipt, storeConformance } from './store-conformance.js';

storeConformance('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'assent-store-'));
  const file = join(dir, 'receipts.sqlite3');
  return { open: () => sqliteStore({ file }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
});

storeConformance('PostgreSQL', async () => {
  const reason = postgresUnavailable();
  if (reason) return reason;
  const server = await startPostgres({ fsync: 'off' });
  return { open: () => postgresStore({ connectionString: server.url }), cleanup: () => server.stop() };
});

describe('PostgreSQL: a connection the server ends mid-transaction', () => {
  const skip = postgresUnavailable();
  let server: Postgres | undefined;
  before(async () => {
    if (!skip) server = await startPostgres({ fsync: 'off' });
  });
  after(() => server?.stop());

  test('fails that append with an error, keeps the process alive, and the next append is stored', async (context) => {
    if (skip) return context.skip(skip);
    const store = postgresStore({ connectionString: server!.url });
    const holder = new pg.Client({ connectionString: server!.url });
    await holder.connect();
    try {
      await store.append([newReceipt()]);
      // Lock the table so the store's next transaction waits inside, then end that backend.
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE receipts IN ACCESS EXCLUSIVE MODE');
      const waiting = store.append([newReceipt()]);
      let pid: number | undefined;
      for (let attempt = 0; attempt < 200 && pid === undefined; attempt++) {
        const { rows } = await holder.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
        );
        pid = rows[0]?.pid;
        if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.ok(pid, 'the append waits on the lock');
      await holder.query('SELECT pg_terminate_backend($1)', [pid]);
      await assert.rejects(waiting, /terminat|Connection/i);
      await holder.query('COMMIT');
      const stored = await store.append([newReceipt()]);
      assert.equal(stored.results[0]?.created, true);
      assert.equal(await store.count(), 2);
    } finally {
      await holder.end();
      await store.close();
    }
  });
});
