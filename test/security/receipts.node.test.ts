/**
 * Hostile receipts against the verifier and the receiver: one valid form per signature (low-S), no
 * exception for any input, one reading of the protected header, chains that notice reused ids, and
 * `seq` within what JSON numbers carry exactly.
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { NodeSigner } from '../support/mint.js';
import { startReceiver, type RunningReceiver } from '../../src/receiver/server.js';
import { signCompact } from '../../src/consent/signer.js';
import type { KeyRecord } from '../../src/internal/store.js';
import { base64urlDecode, base64urlEncode } from '../../src/receipt/base64url.js';
import { flipS, isHighS } from '../../src/receipt/ecdsa.js';
import { canonicalize } from '../../src/receipt/jcs.js';
import { RECEIPT_TYP, thumbprintInput, type PublicJwk } from '../../src/receipt/jws.js';
import { verifyChain, verifyReceipt, verifyTreeHead, type VerifyResult } from '../../src/verify/index.js';

const reasonOf = (result: VerifyResult | { ok: true } | { ok: false; reason: string }) =>
  result.ok ? 'ok' : result.reason;

/** A key that signs header and payload texts exactly as given (no canonicalisation, no low-S). */
class RawSigner {
  readonly jwk: PublicJwk;
  readonly kid: string;
  private readonly key;
  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const exported = publicKey.export({ format: 'jwk' });
    this.jwk = { kty: 'EC', crv: 'P-256', x: exported.x!, y: exported.y! };
    this.kid = base64urlEncode(createHash('sha256').update(thumbprintInput(this.jwk)).digest());
    this.key = privateKey;
  }
  header(): string {
    return canonicalize({ alg: 'ES256', typ: RECEIPT_TYP, jwk: this.jwk, kid: this.kid });
  }
  /** A valid (low-S) signature over exactly these texts. */
  sign(payloadText: string, headerText = this.header()): string {
    const input = `${base64urlEncode(Buffer.from(headerText))}.${base64urlEncode(Buffer.from(payloadText))}`;
    let signature = sign('sha256', Buffer.from(input), { key: this.key, dsaEncoding: 'ieee-p1363' });
    if (isHighS(signature)) signature = Buffer.from(flipS(signature));
    return `${input}.${base64urlEncode(signature)}`;
  }
}

/** The other valid form of a receipt's signature (s → n − s). */
function twin(jws: string): string {
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  return `${header}.${payload}.${base64urlEncode(flipS(base64urlDecode(signature)!))}`;
}

describe('ECDSA malleability', () => {
  it('the browser signer emits low-S only, over 200 signatures', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const exported = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const jwk: PublicJwk = { kty: 'EC', crv: 'P-256', x: exported.x!, y: exported.y! };
    const kid = base64urlEncode(new Uint8Array(await crypto.subtle.digest('SHA-256', thumbprintInput(jwk))));
    const key: KeyRecord = {
      name: 'device',
      privateKey: pair.privateKey,
      jwk,
      kid,
      seq: 0,
      prev: null,
      createdAt: 0,
    };
    const payload = new NodeSigner().next().payload;
    let high = 0;
    for (let i = 0; i < 200; i++) {
      const jws = await signCompact(key, { ...payload, seq: i });
      if (isHighS(base64urlDecode(jws.split('.')[2]!)!)) high++;
      if (i < 5) assert.equal(reasonOf(await verifyReceipt(jws)), 'ok');
    }
    assert.equal(high, 0);
  });

  it('the verifier refuses the high-S twin of a valid receipt with its own reason', async () => {
    const { jws } = new NodeSigner().next();
    assert.equal(reasonOf(await verifyReceipt(jws)), 'ok');
    assert.equal(reasonOf(await verifyReceipt(twin(jws))), 'high-s');
  });

  it('a twin is an invalid receipt in a chain, not a fork', async () => {
    const signer = new NodeSigner();
    const first = signer.next().jws;
    const second = signer.next().jws;
    const report = await verifyChain([first, twin(first), second]);
    assert.equal(report.issues.filter((issue) => issue.kind === 'fork').length, 0);
    assert.deepEqual(
      report.issues.map((issue) => issue.kind === 'invalid' && issue.reason),
      ['high-s'],
    );
  });
});

describe('verifier never throws', () => {
  const signer = new RawSigner();
  const base = new NodeSigner().next().payload;
  const text = canonicalize(base);
  /** A payload text with `extensions.x` set to raw JSON text, members in RFC 8785 order. */
  const payloadWith = (raw: string) => text.replace('"id":', `"extensions":{"x":${raw}},"id":`);

  for (const [name, raw, reasons] of [
    ['a number beyond double range (1e400)', '1e400', ['not-canonical']],
    ['a lone surrogate', '"\\ud800"', ['not-canonical']],
    ['an array nested 20,000 deep', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, ['bad-json', 'too-large']],
  ] as const) {
    it(`a validly signed payload with ${name} is a failure, not an exception`, async () => {
      const jws = signer.sign(payloadWith(raw));
      const result = await verifyReceipt(jws);
      assert.equal(result.ok, false);
      assert.ok((reasons as readonly string[]).includes(reasonOf(result)), reasonOf(result));
      const chain = await verifyChain([jws]);
      assert.equal(chain.ok, false);
    });
  }

  it('a protected header with duplicate members (alg none, then ES256) is refused', async () => {
    const header = signer.header();
    const duplicated = `{"alg":"none",${header.slice(1)}`;
    assert.equal(reasonOf(await verifyReceipt(signer.sign(text, duplicated))), 'bad-header');
    // Any non-canonical header (members out of order, spaces) is refused as well.
    const spaced = JSON.stringify(JSON.parse(header), null, 1);
    assert.equal(reasonOf(await verifyReceipt(signer.sign(text, spaced))), 'bad-header');
    assert.equal(reasonOf(await verifyReceipt(signer.sign(text))), 'ok');
  });

  it('random inputs of every type, and mangled receipts, never make verifyReceipt or verifyChain throw', async () => {
    const valid = new NodeSigner().next().jws;
    const parts = valid.split('.');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.string(),
          fc.jsonValue().map((value) => signer.sign(JSON.stringify(value))),
          fc
            .tuple(fc.nat(2), fc.string())
            .map(([at, junk]) =>
              parts.map((part: string, i: number) => (i === at ? part + junk : part)).join('.'),
            ),
        ),
        async (input) => {
          const result = await verifyReceipt(input as string);
          assert.equal(typeof result.ok, 'boolean');
          const chain = await verifyChain([input as string, valid]);
          assert.equal(typeof chain.ok, 'boolean');
        },
      ),
      { numRuns: 300 },
    );
    // Not even a list.
    const throwing = {
      [Symbol.iterator]: () => ({
        next: () => {
          throw new Error('broken iterator');
        },
      }),
    };
    for (const list of [null, 42, throwing]) {
      const chain = await verifyChain(list as unknown as string[]);
      assert.equal(chain.ok, false);
    }
    // Options a host got wrong.
    const result = await verifyReceipt(valid, { documents: 5 as unknown as string[] });
    assert.equal(result.ok, false);
  });
});

describe('chains', () => {
  it('reports two different receipts with the same id', async () => {
    const signer = new NodeSigner();
    const first = signer.next();
    const second = signer.next({ id: first.payload.id });
    const report = await verifyChain([first.jws, second.jws]);
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.issues.filter((issue) => issue.kind === 'duplicate-id'),
      [{ kind: 'duplicate-id', id: first.payload.id, indexes: [0, 1] }],
    );
    // The very same receipt twice is no issue.
    assert.deepEqual((await verifyChain([first.jws, first.jws])).issues, []);
  });

  it('refuses seq beyond 2^53 - 1 as a schema failure', async () => {
    const signer = new NodeSigner();
    const ok = signer.signRaw({ ...signer.next().payload, seq: 2 ** 53 - 1, prev: 'a'.repeat(64) });
    assert.equal(reasonOf(await verifyReceipt(ok)), 'ok');
    const beyond = signer.signRaw({ ...signer.next().payload, seq: 2 ** 53, prev: 'a'.repeat(64) });
    assert.equal(reasonOf(await verifyReceipt(beyond)), 'schema');
  });
});

describe('receiver', () => {
  let receiver: RunningReceiver;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'assent-security-'));
    receiver = await startReceiver({ port: 0, dataDir });
  });
  after(async () => {
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async (body: string) => {
    const response = await fetch(`${receiver.url}/api/receipts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/jose' },
      body,
    });
    return { status: response.status, body: (await response.json()) as { error?: string } };
  };

  it('answers 422 high-s to a twin, so it can neither take the id first nor clash with the original', async () => {
    const { jws } = new NodeSigner().next();
    const answer = await post(twin(jws));
    assert.deepEqual([answer.status, answer.body.error], [422, 'high-s']);
    assert.equal((await post(jws)).status, 201);
  });

  it('signs tree heads low-S, and the verifier refuses the high-S twin of a head', async () => {
    await post(new NodeSigner().next().jws);
    const { treeHead } = (await (await fetch(`${receiver.url}/api/log/tree-head`)).json()) as {
      treeHead: string;
    };
    assert.equal(reasonOf(await verifyTreeHead(treeHead)), 'ok');
    assert.equal(reasonOf(await verifyTreeHead(twin(treeHead))), 'high-s');
  });

  it('answers hostile payloads with 4xx, never 500', async () => {
    const signer = new RawSigner();
    const text = canonicalize(new NodeSigner().next().payload);
    for (const raw of ['1e400', '"\\udc00"', `${'['.repeat(20_000)}${']'.repeat(20_000)}`]) {
      const { status } = await post(signer.sign(text.replace('"id":', `"extensions":{"x":${raw}},"id":`)));
      assert.ok(status >= 400 && status < 500, `${raw.slice(0, 10)}: ${status}`);
    }
  });

  it('signs its own statements (tree heads) with low-S signatures only', async () => {
    for (let i = 0; i < 40; i++) {
      const signed = receiver.key.sign({ log: 'k', treeSize: i, rootHash: 'a'.repeat(64), timestamp: 'now' });
      assert.equal(isHighS(base64urlDecode(signed.split('.')[2]!)!), false);
    }
  });
});
