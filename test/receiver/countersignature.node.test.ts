/** A receiver given the host's public key takes only receipts the host countersigned. */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NodeSigner } from '../support/mint.js';
import { HOST_COUNTERSIGNATURE_TYP, startReceiver, type RunningReceiver } from '../../src/receiver/server.js';

const host = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** What the host backend does: an ES256 JWS over the receipt's sha-256. */
function countersign(jws: string, key = host.privateKey, typ = HOST_COUNTERSIGNATURE_TYP): string {
  const input = `${part({ alg: 'ES256', typ })}.${part({ receipt: createHash('sha256').update(jws).digest('hex') })}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

describe('host countersignature', () => {
  let dir: string;
  let receiver: RunningReceiver;
  const signer = new NodeSigner();
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'assent-countersign-'));
    receiver = await startReceiver({
      port: 0,
      dataDir: dir,
      readToken: 'token',
      hostKey: host.publicKey.export({ format: 'jwk' }),
    });
  });
  after(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (jws: string, countersignature?: string) =>
    fetch(`${receiver.url}/api/receipts`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/jose',
        ...(countersignature === undefined ? {} : { 'Assent-Countersignature': countersignature }),
      },
      body: jws,
    });

  it('stores a countersigned receipt and keeps the countersignature', async () => {
    const { jws, payload } = signer.next();
    const countersignature = countersign(jws);
    assert.equal((await post(jws, countersignature)).status, 201);
    const stored = await fetch(`${receiver.url}/api/receipts/${payload.id}`, {
      headers: { Authorization: 'Bearer token' },
    });
    assert.equal(
      ((await stored.json()) as { hostCountersignature: string }).hostCountersignature,
      countersignature,
    );
  });

  it('refuses a receipt without countersignature (401) and with a wrong one (422)', async () => {
    const { jws } = signer.next();
    const missing = await post(jws);
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as { error: string }).error, 'countersignature-missing');
    const other = signer.next().jws;
    for (const wrong of [
      countersign(jws, stranger.privateKey), // another key
      countersign(other), // another receipt
      countersign(jws, host.privateKey, 'JWT'), // another typ
      countersign(jws).slice(0, -4), // truncated
      'not.a.jws',
      '',
    ]) {
      const response = await post(jws, wrong);
      assert.equal(response.status, 422, wrong);
      assert.equal(((await response.json()) as { error: string }).error, 'countersignature-invalid');
    }
    const count = await receiver.store.count();
    assert.equal(count, 1, 'nothing refused was stored');
  });
});
