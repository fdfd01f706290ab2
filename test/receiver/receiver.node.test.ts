import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { NodeSigner } from '../support/mint.js';
import { startReceiver, type RunningReceiver } from '../../demo/receiver/server.js';
import { base64urlDecode, base64urlEncode } from '../../src/receipt/base64url.js';
import { verifyReceipt, webCrypto } from '../../src/verify/index.js';
import { receiptSchema } from '../support/receipt-schema.js';

const schema = receiptSchema;
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormatsModule as unknown as (ajv: Ajv2020) => void)(ajv);
const validateSchema = ajv.compile(schema);

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

async function get(url: string, path: string): Promise<Answer> {
  const response = await fetch(`${url}${path}`);
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
    receiver = await startReceiver({ port: 0, dataDir: dir, cors: ['https://shop.example'] });
  });
  after(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a new receipt (201), answers 200 for the same JWS and stores it once', async () => {
    const { jws, payload } = signer.next();
    assert.equal(validateSchema(payload), true);
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

  it('returns the JWS exactly as received with a countersignature over its hash and receivedAt', async () => {
    const { jws, payload } = signer.next({ nonce: 'session-nonce' });
    const created = await post(receiver.url, jws, { 'Assent-Countersignature': 'host-signature' });
    const item = await get(receiver.url, `/api/receipts/${payload.id}`);
    assert.equal(item.status, 200);
    assert.equal(item.body.jws, jws);
    assert.equal(item.body.hostCountersignature, 'host-signature');
    assert.equal(item.body.countersignature, created.body.countersignature);
    const verified = await verifyReceipt(item.body.jws);
    assert.equal(verified.ok, true);
    // The countersignature is an ES256 JWS by the receiver's key over { id, kid, jwsSha256, receivedAt }.
    const [header, claims] = item.body.countersignature
      .split('.')
      .slice(0, 2)
      .map((part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    assert.equal(header.typ, 'assent-countersignature+jws');
    assert.equal(header.kid, receiver.key.kid);
    assert.deepEqual(claims, {
      id: payload.id,
      kid: signer.kid,
      jwsSha256: verified.ok ? verified.jwsSha256 : '',
      receivedAt: item.body.receivedAt,
    });
    const [hp, cp, sp] = item.body.countersignature.split('.');
    const signatureOk = await webCrypto.verifyEs256(
      header.jwk,
      new TextEncoder().encode(`${hp}.${cp}`),
      base64urlDecode(sp)!,
    );
    assert.equal(signatureOk, true);
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
    receiver = await startReceiver({ port: 0, dataDir: dir, cors: ['https://shop.example'] });
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
    const lenient = await startReceiver({ port: 0, dataDir: lenientDir, acceptUnsigned: true });
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
