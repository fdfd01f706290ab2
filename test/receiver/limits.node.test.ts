/** Exposing the receiver: rate limiting, the per-key daily quota, slow bodies cut, a connection cap. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { NodeSigner } from '../support/mint.js';
import { serve } from '../../src/receiver/serve.js';
import { startReceiver, type RunningReceiver, type StartOptions } from '../../src/receiver/server.js';

const dirs: string[] = [];
const running: RunningReceiver[] = [];
async function start(options: StartOptions): Promise<RunningReceiver> {
  const dir = mkdtempSync(join(tmpdir(), 'assent-limits-'));
  dirs.push(dir);
  const receiver = await startReceiver({ port: 0, dataDir: dir, ...options });
  running.push(receiver);
  return receiver;
}
after(async () => {
  await Promise.all(running.map((receiver) => receiver.close()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const post = (url: string, jws: string) =>
  fetch(`${url}/api/receipts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/jose' },
    body: jws,
  });

/** Writes `bytes` on a fresh socket; resolves with what came back once the server closed it. */
function rawExchange(port: number, bytes: string): Promise<{ text: string; socket: Socket }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ text, socket }));
    socket.write(bytes);
  });
}

describe('receiver limits', () => {
  it('answers 429 with Retry-After once a client used its burst', async () => {
    const receiver = await start({ rateLimit: { perSecond: 0.5, burst: 3 } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    let body: { error?: string } = {};
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${receiver.url}/api/log/tree-head`);
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        body = (await response.json()) as { error?: string };
      } else await response.arrayBuffer();
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    assert.ok(Number(retryAfter) >= 1, `Retry-After ${retryAfter}`);
    assert.equal(body.error, 'rate-limited');
  });

  it('refuses new receipts of a key past its daily quota, with a clear error; other keys and duplicates go on', async () => {
    const first = new NodeSigner();
    const one = first.next().jws;
    const receiver = await start({ quotaBytesPerKeyPerDay: one.length * 2 + 200 });
    assert.equal((await post(receiver.url, one)).status, 201);
    assert.equal((await post(receiver.url, first.next().jws)).status, 201);
    const refused = await post(receiver.url, first.next().jws);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    const problem = (await refused.json()) as { error: string; kid: string; message: string };
    assert.equal(problem.error, 'quota-exceeded');
    assert.equal(problem.kid, first.kid);
    assert.match(problem.message, /bytes for today/);
    assert.equal((await post(receiver.url, one)).status, 200, 'a stored receipt sent again still answers');
    assert.equal((await post(receiver.url, new NodeSigner().next().jws)).status, 201, 'another key');
    assert.equal(await receiver.store.count(), 3);
  });

  it('cuts a slow body at the deadline with 408 and closes the connection', async () => {
    const receiver = await start({ bodyTimeoutMs: 300 });
    const started = Date.now();
    const { text } = await rawExchange(
      receiver.port,
      `POST /api/receipts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/jose\r\nContent-Length: 1000\r\n\r\neyJhbGci`,
    );
    assert.match(text, /^HTTP\/1\.1 408 /);
    assert.match(text, /body-timeout/);
    assert.ok(Date.now() - started < 10_000, 'cut well before node:http would');
    assert.equal(await receiver.store.count(), 0);
  });

  it('cuts requests whose headers never finish (headersTimeout)', async () => {
    const receiver = await start({ headersTimeoutMs: 500, requestTimeoutMs: 1000 });
    assert.equal(receiver.server.headersTimeout, 500);
    assert.equal(receiver.server.requestTimeout, 1000);
    const { text } = await rawExchange(
      receiver.port,
      `GET /api/log/tree-head HTTP/1.1\r\nHost: 127.0.0.1\r\n`,
    );
    assert.match(text, /^HTTP\/1\.1 408 /);
  });

  it('closes connections beyond maxConnections while the others are served', async () => {
    const receiver = await start({ maxConnections: 2 });
    assert.equal(receiver.server.maxConnections, 2);
    const held = [connect(receiver.port, '127.0.0.1'), connect(receiver.port, '127.0.0.1')];
    await Promise.all(held.map((socket) => new Promise((resolve) => socket.once('connect', resolve))));
    // Give the server a turn to count them.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { text } = await rawExchange(
      receiver.port,
      `GET /api/log/tree-head HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    );
    assert.equal(text, '', 'the third connection is closed without an answer');
    const answer = new Promise<string>((resolve) =>
      held[0]!.once('data', (chunk) => resolve(chunk.toString())),
    );
    held[0]!.write(`GET /api/log/tree-head HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    assert.match(await answer, /^HTTP\/1\.1 200 /);
    for (const socket of held) socket.destroy();
  });
});

describe('assent serve limit flags', () => {
  it('passes --rate-limit, --max-connections and the timeouts to the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assent-serve-limits-'));
    dirs.push(dir);
    let out = '';
    const announced = new Promise<void>((resolve) => {
      const exited = serve(
        [
          '--port',
          '0',
          '--data-dir',
          dir,
          '--rate-limit',
          '0.5:2',
          '--max-connections',
          '7',
          '--body-timeout-ms',
          '300',
        ],
        { out: (text) => ((out += text), resolve()), err: (text) => (out += text) },
      );
      void exited.then((code) => (exitCode = code));
    });
    let exitCode: number | undefined;
    await announced;
    // The startup line says what is public and what is not.
    assert.match(out, /Public: POST \/api\/receipts, GET \/api\/log\/\*, GET \/api\/receipts\/:id\/proof\./);
    assert.match(out, /Reads \(GET \/api\/receipts, GET \/api\/receipts\/:id\): off \(no read token\)\./);
    assert.match(out, /Countersignature: not required\./);
    const url = /on (http:\/\/[^ ]+)\/api\/receipts/.exec(out)![1]!;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${url}/api/log/tree-head`)).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    process.emit('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(exitCode, 0);
  });

  it('refuses malformed limit flags with a usage error', async () => {
    const io = { out: () => undefined, err: () => undefined };
    assert.equal(await serve(['--rate-limit', 'fast'], io), 2);
    assert.equal(await serve(['--max-connections', '-3'], io), 2);
    assert.equal(await serve(['--body-timeout-ms', '1e400'], io), 2);
  });
});
