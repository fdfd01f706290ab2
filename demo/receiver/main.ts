/**
 * `npm run receiver`: the reference receiver on 127.0.0.1.
 * Environment: RECEIVER_PORT (8787), RECEIVER_DATA_DIR (demo/data), RECEIVER_CORS (comma-separated
 * origins, or * for any), RECEIVER_ACCEPT_UNSIGNED=1 to store unsigned receipts as unverified.
 */
import { startReceiver } from './server.js';

const cors = process.env.RECEIVER_CORS;
const receiver = await startReceiver({
  cors: cors === '*' ? true : cors ? cors.split(',').map((origin) => origin.trim()) : false,
  acceptUnsigned: process.env.RECEIVER_ACCEPT_UNSIGNED === '1',
});
console.log(`Assent receiver on ${receiver.url}/api/receipts (receiver key ${receiver.key.kid})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void receiver.close().then(() => process.exit(0));
  });
}
