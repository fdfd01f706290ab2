/**
 * `npm run receiver`: the receiver on 127.0.0.1 for development (`assent serve` is the shipped way).
 * Environment: RECEIVER_PORT (8787; 0 picks a free one), RECEIVER_DATA_DIR (demo/data), RECEIVER_CORS
 * (comma-separated origins, or * for any), RECEIVER_ACCEPT_UNSIGNED=1 to store unsigned receipts as
 * unverified, ASSENT_READ_TOKEN to allow reads, ASSENT_DB_URL (postgres://…) for PostgreSQL,
 * RECEIVER_WORKERS (1) to run several processes on one port (node:cluster; they share the store),
 * RECEIVER_COMMIT_WINDOW_MS (0) to let receipts wait a few ms to share one commit and one tree head,
 * RECEIVER_STATS_FILE to write the log's counts (batches, heads signed) there on exit (the benchmark).
 */
import cluster from 'node:cluster';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReceiverKey } from './log.js';
import { postgresStore } from './postgres.js';
import { DEFAULT_DATA_DIR, startReceiver } from './server.js';
import { sqliteStore } from './sqlite.js';

const workers = Math.max(1, Number(process.env.RECEIVER_WORKERS ?? 1) || 1);
const cors = process.env.RECEIVER_CORS;
const dbUrl = process.env.ASSENT_DB_URL;
const dataDir = process.env.RECEIVER_DATA_DIR ?? DEFAULT_DATA_DIR;

async function serve(announce: boolean): Promise<void> {
  const receiver = await startReceiver({
    dataDir,
    store: dbUrl ? postgresStore({ connectionString: dbUrl }) : undefined,
    cors: cors === '*' ? true : cors ? cors.split(',').map((origin) => origin.trim()) : false,
    acceptUnsigned: process.env.RECEIVER_ACCEPT_UNSIGNED === '1',
    readToken: process.env.ASSENT_READ_TOKEN || undefined,
    commitWindowMs: Number(process.env.RECEIVER_COMMIT_WINDOW_MS ?? 0),
  });
  if (announce)
    console.log(`Assent receiver on ${receiver.url}/api/receipts (receiver key ${receiver.key.kid})`);
  else process.send?.({ url: receiver.url, kid: receiver.key.kid });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const statsFile = process.env.RECEIVER_STATS_FILE;
      if (statsFile) writeFileSync(statsFile, JSON.stringify(receiver.receiver.log.stats));
      void receiver.close().then(() => process.exit(0));
    });
  }
}

if (workers === 1) {
  await serve(true);
} else if (cluster.isPrimary) {
  // Make the key and the database schema once, before the workers race to do it.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!dbUrl) await sqliteStore({ file: join(dataDir, 'receipts.sqlite3') }).close();
  ReceiverKey.fromFile(join(dataDir, 'receiver-key.pem'));
  let announced = false;
  for (let index = 0; index < workers; index++) {
    cluster.fork().on('message', (message: { url: string; kid: string }) => {
      if (announced) return;
      announced = true;
      console.log(
        `Assent receiver on ${message.url}/api/receipts (receiver key ${message.kid}, ${workers} workers)`,
      );
    });
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const running = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
      let left = running.length;
      cluster.on('exit', () => {
        if (--left === 0) process.exit(0);
      });
      for (const worker of running) worker.kill('SIGTERM');
    });
  }
} else {
  await serve(false);
}
