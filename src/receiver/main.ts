/**
 * `npm run receiver`: the reference receiver on 127.0.0.1.
 * Environment: RECEIVER_PORT (8787; 0 picks a free one), RECEIVER_DATA_DIR (demo/data), RECEIVER_CORS
 * (comma-separated origins, or * for any), RECEIVER_ACCEPT_UNSIGNED=1 to store unsigned receipts as
 * unverified, RECEIVER_WORKERS (1) to run several processes on one port (node:cluster; SQLite in WAL
 * mode takes writes from all of them), RECEIVER_COMMIT_WINDOW_MS (0) to let concurrent inserts wait a
 * few ms to share one commit.
 */
import cluster from 'node:cluster';
import { join } from 'node:path';
import { DEFAULT_DATA_DIR, ReceiverKey, startReceiver } from './server.js';
import { SqliteReceiptStore } from './store.js';
import { mkdirSync } from 'node:fs';

const workers = Math.max(1, Number(process.env.RECEIVER_WORKERS ?? 1) || 1);
const cors = process.env.RECEIVER_CORS;

async function serve(announce: boolean): Promise<void> {
  const receiver = await startReceiver({
    cors: cors === '*' ? true : cors ? cors.split(',').map((origin) => origin.trim()) : false,
    acceptUnsigned: process.env.RECEIVER_ACCEPT_UNSIGNED === '1',
  });
  if (announce)
    console.log(`Assent receiver on ${receiver.url}/api/receipts (receiver key ${receiver.key.kid})`);
  else process.send?.({ url: receiver.url, kid: receiver.key.kid });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void receiver.close().then(() => process.exit(0)));
  }
}

if (workers === 1) {
  await serve(true);
} else if (cluster.isPrimary) {
  // Make the key and the database schema once, before the workers race to do it.
  const dataDir = process.env.RECEIVER_DATA_DIR ?? DEFAULT_DATA_DIR;
  mkdirSync(dataDir, { recursive: true });
  new SqliteReceiptStore(join(dataDir, 'receipts.sqlite3')).close();
  void new ReceiverKey(join(dataDir, 'receiver-key.pem'));
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
