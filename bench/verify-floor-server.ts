/**
 * The floor under the receiver's throughput on this machine: node:http answering each POSTed
 * compact JWS after the one thing no receiver can skip, its ES256 verification (the browser's key
 * imported once per header, as the receiver does), and nothing else: no schema, no
 * canonicalisation, no log, no storage. bench/receiver.ts drives it with the same receipts and
 * client as the receiver, so "receiver ÷ floor" says how much of the gap to the goal is ours.
 *
 * Prints `{"port":N}` on stdout once every process listens. FLOOR_WORKERS=N runs N processes
 * (node:cluster), like `assent serve --workers N`.
 */
import cluster from 'node:cluster';
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';

const workers = Math.max(1, Number(process.env.FLOOR_WORKERS ?? 1));

function serve() {
  const keys = new Map<string, KeyObject>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const jws = Buffer.concat(chunks).toString('latin1');
      const [header = '', payload = '', signature = ''] = jws.split('.');
      let valid = false;
      try {
        let key = keys.get(header);
        if (!key) {
          const { jwk } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as {
            jwk: Record<string, string>;
          };
          key = createPublicKey({ key: jwk, format: 'jwk' });
          keys.set(header, key);
        }
        valid = verify(
          'sha256',
          Buffer.from(`${header}.${payload}`, 'latin1'),
          { key, dsaEncoding: 'ieee-p1363' },
          Buffer.from(signature, 'base64url'),
        );
      } catch {
        // Not a compact JWS with a usable key: refused, as the receiver would.
      }
      const answer = valid ? '{"status":"stored"}' : '{"error":"invalid"}';
      // Content-Length, as the receiver sends it (the bench's client does not read chunked answers).
      response.writeHead(valid ? 201 : 400, {
        'Content-Type': 'application/json',
        'Content-Length': answer.length,
      });
      response.end(answer);
    });
  });
  // Port 0 in every worker: node:cluster gives them all the same port.
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (cluster.isPrimary && address && typeof address === 'object') {
      process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
    }
  });
}

if (workers > 1 && cluster.isPrimary) {
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening === workers) process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  });
  for (let index = 0; index < workers; index++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    process.exit(0);
  });
} else {
  serve();
}
