import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NodeSigner } from '../support/mint.js';
import { startReceiver, type RunningReceiver } from '../../src/receiver/server.js';
import { base64urlDecode, base64urlEncode } from '../../src/receipt/base64url.js';
import { verifyReceipt } from '../../src/verify/index.js';
import { validateWithAjv } from '../support/receipt-schema.js';

interface Answer {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${url}/api/receipts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/jose', ...headers },
    body,
  });
  return {
    status: response.status,
    body: await response.json(),
    headers: Object.fromEntries(response.headers),
  };
}

const READ_TOKEN = 'test-read-token';

async function get(
  url: string,
  path: string,
  headers: Record<string, string> = { Authorization: `Bearer ${READ_TOKEN}` },
): Promise<Answer> {
  const response = await fetch(`${url}${path}`, { headers });
  return {
    status: response.status,
    body: await response.json(),
    headers: Object.fromEntries(response.headers),
  };
}

/** A raw request without fetch's own checks (e.g. a lying Content-Length). */
function raw(url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}/api/receipts`, { method: 'POST', headers }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('reference receiver', () => {
  let dir: string;
  let receiver: RunningReceiver;
  const signer = new NodeSigner();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'assent-receiver-'));
    receiver = await startReceiver({
      port: 0,
      dataDir: dir,
      cors: ['https://shop.example'],
      readToken: READ_TOKEN,
    });
  });
  after(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a new receipt (201), answers 200 for the same JWS and stores it once', async () => {
    const { jws, payload } = signer.next();
    assert.equal(validateWithAjv(payload), true);
    const first = await post(receiver.url, jws, { 'Idempotency-Key': payload.id });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.status, 'created');
    const again = await post(receiver.url, jws, { 'Idempotency-Key': payload.id });
    assert.equal(again.status, 200);
    assert.equal(again.body.receivedAt, first.body.receivedAt);
    assert.equal(again.body.countersignature, first.body.countersignature);
    const list = await get(receiver.url, '/api/receipts?limit=1000');
    assert.equal(list.body.filter((item: { id: string }) => item.id === payload.id).length, 1);
  });

  it('stores concurrent duplicates once: one 201, the rest 200 or 409', async () => {
    const { jws, payload } = signer.next();
    const same = await Promise.all(Array.from({ length: 40 }, () => post(receiver.url, jws)));
    assert.deepEqual(same.map((answer) => answer.status).sort(), [...Array(39).fill(200), 201]);
    const rivals = Array.from({ length: 10 }, () => new NodeSigner().next({ id: payload.id }).jws);
    const conflicting = await Promise.all(rivals.map((rival) => post(receiver.url, rival)));
    assert.ok(conflicting.every((answer) => answer.status === 409));
    const fresh = new NodeSigner();
    const race = Array.from({ length: 10 }, () =>
      fresh.signRaw({ ...payload, id: '0b7f0f7e-8a39-4d5b-9a57-0d5f3a1c2b10' }),
    );
    const raced = await Promise.all(race.map((rival) => post(receiver.url, rival)));
    assert.deepEqual(raced.map((answer) => answer.status).sort(), [201, ...Array(9).fill(409)]);
    const list = await get(receiver.url, '/api/receipts?limit=1000');
    assert.equal(list.body.filter((item: { id: string }) => item.id === payload.id).length, 1);
  });

  it('answers 409 for the same id with a different valid JWS', async () => {
    const { jws, payload } = signer.next();
    assert.equal((await post(receiver.url, jws)).status, 201);
    const other = new NodeSigner();
    const conflicting = other.next({ id: payload.id });
    const answer = await post(receiver.url, conflicting.jws);
    assert.equal(answer.status, 409);
    assert.equal(answer.body.error, 'conflict');
    const stored = await get(receiver.url, `/api/receipts/${payload.id}`);
    assert.equal(stored.body.jws, jws);
  });

  it('checks errors in order: 415, 413, 400, 422', async () => {
    const { jws, payload } = signer.next();
    const big = 'A'.repeat(64 * 1024 + 1);
    // Several faults at once: the earlier check wins.
    assert.equal((await post(receiver.url, big, { 'Content-Type': 'text/plain' })).status, 415);
    assert.equal((await post(receiver.url, jws, { 'Content-Type': 'application/json' })).status, 415);
    assert.equal((await post(receiver.url, big)).status, 413);
    assert.equal(
      await raw(
        receiver.url,
        { 'Content-Type': 'application/jose', 'Content-Length': String(70_000) },
        Buffer.alloc(70_000, 65),
      ),
      413,
    );
    assert.equal((await post(receiver.url, 'not a jws')).status, 400);
    assert.equal((await post(receiver.url, `${jws}.x`)).status, 400);
    assert.equal((await post(receiver.url, `${jws}==`)).status, 400);
    assert.equal((await post(receiver.url, jws, { 'Idempotency-Key': 'another-id' })).status, 400);
    const [h, p, s] = jws.split('.') as [string, string, string];
    const flipped = base64urlDecode(s)!;
    flipped[10] ^= 1;
    assert.equal((await post(receiver.url, `${h}.${p}.${base64urlEncode(flipped)}`)).status, 422);
    const badSchema = signer.signRaw({ ...payload, decision: 'maybe' });
    const answer = await post(receiver.url, badSchema);
    assert.equal(answer.status, 422);
    assert.equal(answer.body.error, 'schema');
    assert.ok(answer.body.issues.some((issue: { path: string }) => issue.path === '/decision'));
    assert.equal((await post(receiver.url, signer.signRaw(payload, { alg: 'ES384' }))).status, 422);
    assert.equal(
      (await post(receiver.url, `${base64urlEncode(Buffer.from('{"alg":"none"}'))}.${p}.`)).status,
      422,
    );
    // None of these was stored.
    assert.equal((await get(receiver.url, `/api/receipts/${payload.id}`)).status, 404);
    assert.equal((await post(receiver.url, jws)).status, 201);
  });

  it('returns the JWS exactly as received, with its leaf index and the host countersignature', async () => {
    const { jws, payload } = signer.next({ nonce: 'session-nonce' });
    const created = await post(receiver.url, jws, { 'Assent-Countersignature': 'host-signature' });
    const item = await get(receiver.url, `/api/receipts/${payload.id}`);
    assert.equal(item.status, 200);
    assert.equal(item.body.jws, jws);
    assert.equal(item.body.hostCountersignature, 'host-signature');
    assert.equal(item.body.leafIndex, created.body.leafIndex);
    assert.equal(item.body.receiverKid, receiver.key.kid);
    assert.equal((await verifyReceipt(item.body.jws)).ok, true);
  });

  it('lists receipts with chain status', async () => {
    const chainSigner = new NodeSigner();
    const receipts = Array.from({ length: 4 }, () => chainSigner.next());
    for (const index of [0, 1, 3]) assert.equal((await post(receiver.url, receipts[index]!.jws)).status, 201);
    const list = await get(receiver.url, '/api/receipts?limit=1000');
    assert.ok(Number(list.headers['x-total-count']) >= 3);
    const mine = list.body.filter((item: { kid: string }) => item.kid === chainSigner.kid);
    assert.deepEqual(
      mine.map((item: { seq: number; chain: string }) => [item.seq, item.chain]),
      [
        [0, 'start'],
        [1, 'linked'],
        [3, 'gap'],
      ],
    );
    const first = mine[0];
    assert.deepEqual(Object.keys(first).sort(), [
      'chain',
      'decision',
      'documents',
      'id',
      'issuedAt',
      'kid',
      'leafIndex',
      'receivedAt',
      'seq',
      'type',
      'verified',
    ]);
    assert.equal((await post(receiver.url, receipts[2]!.jws)).status, 201);
    const item = await get(receiver.url, `/api/receipts/${receipts[3]!.payload.id}`);
    assert.equal(item.body.chain, 'linked');
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const allowed = await fetch(`${receiver.url}/api/receipts`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,idempotency-key',
      },
    });
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    const refused = await fetch(`${receiver.url}/api/receipts`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example' },
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
  });

  it('reads only with the read token (401 otherwise), and never without one configured', async () => {
    const missing = await get(receiver.url, '/api/receipts', {});
    assert.equal(missing.status, 401);
    assert.equal(missing.headers['www-authenticate'], 'Bearer');
    assert.equal((await get(receiver.url, '/api/receipts', { Authorization: 'Bearer wrong' })).status, 401);
    assert.equal(
      (await get(receiver.url, '/api/receipts/x', { Authorization: 'Basic dGVzdA==' })).status,
      401,
    );
    assert.equal((await get(receiver.url, '/api/receipts')).status, 200);
    const openDir = mkdtempSync(join(tmpdir(), 'assent-receiver-'));
    const tokenless = await startReceiver({ port: 0, dataDir: openDir });
    try {
      assert.equal((await get(tokenless.url, '/api/receipts')).status, 401);
      assert.equal((await post(tokenless.url, signer.next().jws)).status, 201);
    } finally {
      await tokenless.close();
      rmSync(openDir, { recursive: true, force: true });
    }
  });

  it('refuses a Host it does not serve with 421 (DNS rebinding)', async () => {
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          `${receiver.url}/api/log/tree-head`,
          { headers: { Host: host } },
          (response) => {
            response.resume();
            resolve(response.statusCode!);
          },
        );
        request.on('error', reject);
        request.end();
      });
    assert.equal(await status('attacker.example'), 421);
    assert.equal(await status('attacker.example:8787'), 421);
    assert.equal(await status(`localhost:${receiver.port}`), 200);
    assert.equal(await status(`127.0.0.1:${receiver.port}`), 200);
  });

  it('never opens reads to any origin: * only for posting and the public log', async () => {
    const anyDir = mkdtempSync(join(tmpdir(), 'assent-receiver-'));
    const open = await startReceiver({ port: 0, dataDir: anyDir, cors: true, readToken: READ_TOKEN });
    try {
      const origin = { Origin: 'https://anywhere.example' };
      const read = await get(open.url, '/api/receipts', { ...origin, Authorization: `Bearer ${READ_TOKEN}` });
      assert.equal(read.status, 200);
      assert.equal(read.headers['access-control-allow-origin'], undefined);
      const head = await get(open.url, '/api/log/tree-head', origin);
      assert.equal(head.headers['access-control-allow-origin'], '*');
      const posted = await post(open.url, signer.next().jws, origin);
      assert.equal(posted.headers['access-control-allow-origin'], '*');
    } finally {
      await open.close();
      rmSync(anyDir, { recursive: true, force: true });
    }
    // A listed origin may read, with credentials, named exactly.
    const listed = await get(receiver.url, '/api/receipts', {
      Origin: 'https://shop.example',
      Authorization: `Bearer ${READ_TOKEN}`,
    });
    assert.equal(listed.headers['access-control-allow-origin'], 'https://shop.example');
    const other = await get(receiver.url, '/api/receipts', {
      Origin: 'https://evil.example',
      Authorization: `Bearer ${READ_TOKEN}`,
    });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });

  it('answers 404 and 405 for other paths and methods', async () => {
    assert.equal((await fetch(`${receiver.url}/api/other`)).status, 404);
    const put = await fetch(`${receiver.url}/api/receipts`, { method: 'PUT' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST, OPTIONS');
  });

  it('keeps its key and data across restarts (key file mode 0600)', async () => {
    const { jws, payload } = signer.next();
    assert.equal((await post(receiver.url, jws)).status, 201);
    const kid = receiver.key.kid;
    await receiver.close();
    receiver = await startReceiver({
      port: 0,
      dataDir: dir,
      cors: ['https://shop.example'],
      readToken: READ_TOKEN,
    });
    assert.equal(receiver.key.kid, kid);
    assert.equal(statSync(join(dir, 'receiver-key.pem')).mode & 0o777, 0o600);
    assert.equal((await post(receiver.url, jws)).status, 200);
    assert.equal((await get(receiver.url, `/api/receipts/${payload.id}`)).body.jws, jws);
  });

  it('stores unsigned receipts as unverified only when told to', async () => {
    const { payload } = new NodeSigner().next({ seq: 0, prev: null, ephemeralKey: true });
    const unsigned = `${base64urlEncode(Buffer.from('{"alg":"none","typ":"assent-receipt+jws"}'))}.${base64urlEncode(Buffer.from(JSON.stringify(payload)))}.`;
    assert.equal((await post(receiver.url, unsigned)).status, 422);
    const lenientDir = mkdtempSync(join(tmpdir(), 'assent-receiver-'));
    const lenient = await startReceiver({
      port: 0,
      dataDir: lenientDir,
      acceptUnsigned: true,
      readToken: READ_TOKEN,
    });
    try {
      assert.equal((await post(lenient.url, unsigned)).status, 201);
      const item = await get(lenient.url, `/api/receipts/${payload.id}`);
      assert.equal(item.body.verified, false);
      assert.equal(item.body.chain, 'unchained');
    } finally {
      await lenient.close();
      rmSync(lenientDir, { recursive: true, force: true });
    }
  });
});
