/** Both stores through the one conformance suite: SQLite in a temporary file, PostgreSQL as a real server. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresStore } from '../../src/receiver/postgres.js';
import { sqliteStore } from '../../src/receiver/sqlite.js';
import { postgresUnavailable, startPostgres } from '../support/postgres.js';
import { storeConformance } from './store-conformance.js';

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
