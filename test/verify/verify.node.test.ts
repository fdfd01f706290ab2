import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { NodeSigner } from '../support/mint.js';
import { base64urlDecode, base64urlDecodePortable, base64urlEncode } from '../../src/receipt/base64url.js';
import { parseReceipt } from '../../src/receipt/jws.js';
import { verifyChain, verifyReceipt, type VerifyResult } from '../../src/verify/index.js';

function reasonOf(result: VerifyResult): string {
  return result.ok ? 'ok' : result.reason;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('verifyReceipt', () => {
  const signer = new NodeSigner();

  it('accepts a receipt signed the way browsers sign it', async () => {
    const { jws, payload } = signer.next();
    const result = await verifyReceipt(jws);
    assert.equal(result.ok, true, JSON.stringify(result));
    if (!result.ok) return;
    assert.deepEqual(result.payload, payload);
    assert.equal(result.kid, signer.kid);
    assert.equal(result.jwsSha256, createHash('sha256').update(jws).digest('hex'));
  });

  it('rejects every single-byte change of a JWS', async () => {
    const { jws } = signer.next({ subject: 'u-1', nonce: 'n-1' });
    const accepted: string[] = [];
    let tried = 0;
    // Every position, every other byte value (0x00-0xff as a character), plus a character outside Latin-1.
    const replacements = [...Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)), '\u{1F600}'];
    for (let position = 0; position < jws.length; position++) {
      for (const replacement of replacements) {
        if (replacement === jws[position]) continue;
        const changed = jws.slice(0, position) + replacement + jws.slice(position + 1);
        tried++;
        const result = await verifyReceipt(changed);
        if (result.ok) accepted.push(`${position}:${JSON.stringify(replacement)}`);
      }
    }
    assert.deepEqual(accepted, [], `${accepted.length} of ${tried} changed JWS verified`);
    assert.ok(tried >= jws.length * 256);
  });

  it('checks a header once per key, yet never lets the checked header stand for another', async () => {
    // The receiver checks a key's protected header once (a cache by its exact text, per typ).
    const first = signer.next().jws;
    const accepted = await verifyReceipt(first);
    assert.equal(accepted.ok, true);
    if (!accepted.ok) return;
    // Each result has its own header object: a caller changing one does not change the next.
    (accepted.header as { alg: string }).alg = 'none';
    const second = await verifyReceipt(signer.next().jws);
    assert.equal(second.ok && second.header.alg, 'ES256');
    // The same header text is not a receipt header under another typ (tree heads use their own).
    assert.equal(reasonOf(parseReceipt(first, 'assent-tree-head+jws') as VerifyResult), 'bad-header');
    // The same header with another payload or signature is still checked in full.
    const [header, , signature] = first.split('.') as [string, string, string];
    const other = signer.next().jws.split('.')[1]!;
    assert.equal(reasonOf(await verifyReceipt(`${header}.${other}.${signature}`)), 'bad-signature');
    assert.equal(
      reasonOf(
        await verifyReceipt(
          `${header}.${other}.${base64urlEncode(base64urlDecode(signature)!.subarray(0, 63))}`,
        ),
      ),
      'bad-signature',
    );
  });

  it('rejects a non-canonical last base64url character (same bytes, other string)', async () => {
    const { jws } = signer.next();
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    // A 64-byte signature is 86 characters: the last one carries 4 unused bits.
    assert.equal(signature.length % 4, 2);
    const last = signature[signature.length - 1]!;
    const value = ALPHABET.indexOf(last);
    for (let low = 1; low < 16; low++) {
      const sibling = ALPHABET[(value & ~15) | low]!;
      const changed = `${header}.${payload}.${signature.slice(0, -1)}${sibling}`;
      assert.deepEqual(base64urlDecode(changed.split('.')[2]!), null);
      assert.equal(reasonOf(await verifyReceipt(changed)), 'bad-encoding');
    }
  });

  it('names the reason for each kind of bad receipt', async () => {
    const { jws, payload } = signer.next();
    const [header, body, signature] = jws.split('.') as [string, string, string];
    const other = new NodeSigner();
    // A key whose coordinates are not a point on P-256, with its own (correct) thumbprint as kid.
    const badJwk = {
      kty: 'EC',
      crv: 'P-256',
      x: base64urlEncode(new Uint8Array(32).fill(1)),
      y: base64urlEncode(new Uint8Array(32).fill(2)),
    };
    const badKid = base64urlEncode(
      createHash('sha256').update(`{"crv":"P-256","kty":"EC","x":"${badJwk.x}","y":"${badJwk.y}"}`).digest(),
    );
    const offCurve = { jwk: badJwk, kid: badKid };
    const cases: [string, unknown, string][] = [
      ['not a string', 42, 'malformed'],
      ['two parts', `${header}.${body}`, 'malformed'],
      ['padding', `${header}.${body}.${signature}==`, 'bad-encoding'],
      [
        'standard base64 alphabet',
        `${header}.${body.replace(/-/g, '+').replace(/_/g, '/')}.${signature}`,
        body.includes('-') || body.includes('_') ? 'bad-encoding' : 'ok',
      ],
      ['header not JSON', `${base64urlEncode(Buffer.from('{alg'))}.${body}.${signature}`, 'bad-json'],
      ['payload is an array', other.signRaw([1, 2]), 'bad-json'],
      ['unsigned', `${base64urlEncode(Buffer.from('{"alg":"none"}'))}.${body}.`, 'unsigned'],
      ['HS256', other.signRaw(payload, { alg: 'HS256' }), 'unsupported-alg'],
      ['private key in header', other.signRaw(payload, { jwk: { ...other.jwk, d: 'AAAA' } }), 'bad-key'],
      ['wrong curve', other.signRaw(payload, { jwk: { ...other.jwk, crv: 'P-384' } }), 'bad-key'],
      ['kid of another key', other.signRaw(payload, { kid: signer.kid }), 'kid-mismatch'],
      ['point not on the curve', other.signRaw(payload, offCurve), 'bad-key'],
      ['jwk of another key', other.signRaw(payload, { jwk: signer.jwk, kid: signer.kid }), 'bad-signature'],
      ['crit header', other.signRaw(payload, { crit: ['exp'] }), 'bad-header'],
      ['wrong typ', other.signRaw(payload, { typ: 'JWT' }), 'bad-header'],
      ['schema: extra field', other.signRaw({ ...payload, extra: 1 }), 'schema'],
      ['schema: bad prev', other.signRaw({ ...payload, prev: 'A'.repeat(64) }), 'schema'],
      [
        'schema: uppercase document hash',
        other.signRaw({ ...payload, documents: [{ ...payload.documents[0], sha256: 'C'.repeat(64) }] }),
        'schema',
      ],
    ];
    for (const [name, input, expected] of cases) {
      assert.equal(reasonOf(await verifyReceipt(input as string)), expected, name);
    }
  });

  it('rejects a payload that is valid JSON but not RFC 8785 canonical', async () => {
    const other = new NodeSigner();
    const { payload } = other.next();
    // Re-sign the same payload serialised with JSON.stringify (key order as built, not sorted).
    const jws = other.signRaw(payload);
    const [h] = jws.split('.');
    const loose = Buffer.from(JSON.stringify(payload, null, 1));
    const forged = `${h}.${base64urlEncode(loose)}.${jws.split('.')[2]}`;
    assert.notEqual(reasonOf(await verifyReceipt(forged)), 'ok');
  });

  it('checks document hashes against the registered ones', async () => {
    const { jws } = signer.next();
    assert.equal(reasonOf(await verifyReceipt(jws, { documents: ['c'.repeat(64)] })), 'ok');
    assert.equal(
      reasonOf(
        await verifyReceipt(jws, { documents: [{ id: 'terms', version: '3', sha256: 'c'.repeat(64) }] }),
      ),
      'ok',
    );
    assert.equal(
      reasonOf(await verifyReceipt(jws, { documents: [{ id: 'privacy', sha256: 'c'.repeat(64) }] })),
      'unknown-document',
    );
    assert.equal(reasonOf(await verifyReceipt(jws, { documents: ['d'.repeat(64)] })), 'unknown-document');
  });
});

describe('base64url', () => {
  it('round-trips every length and refuses non-canonical forms', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 37 + length) & 255);
      const text = base64urlEncode(bytes);
      assert.equal(text, Buffer.from(bytes).toString('base64url'));
      assert.deepEqual(base64urlDecode(text), bytes);
      assert.deepEqual(base64urlDecodePortable(text), bytes);
    }
    for (const bad of ['A', 'AB==', 'A B', 'AB+', 'AB/', 'AR', 'AAB', 'AAAA\n', 'é']) {
      assert.equal(base64urlDecode(bad), null, bad);
      assert.equal(base64urlDecodePortable(bad), null, bad);
    }
  });
});

describe('verifyChain', () => {
  it('accepts a chain in order', async () => {
    const signer = new NodeSigner();
    const list = Array.from({ length: 6 }, () => signer.next().jws);
    const report = await verifyChain(list);
    assert.deepEqual(report.issues, []);
    assert.equal(report.ok, true);
    assert.deepEqual(report.chains, [
      { kid: signer.kid, count: 6, firstSeq: 0, lastSeq: 5, ephemeralKey: false },
    ]);
  });

  it('finds gaps, at the start and in the middle', async () => {
    const signer = new NodeSigner();
    const list = Array.from({ length: 8 }, () => signer.next().jws);
    const report = await verifyChain([list[2]!, list[3]!, list[6]!, list[7]!]);
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.issues.filter((issue) => issue.kind === 'gap'),
      [
        { kind: 'gap', kid: signer.kid, from: 0, to: 1 },
        { kind: 'gap', kid: signer.kid, from: 4, to: 5 },
      ],
    );
  });

  it('finds reordering but keeps ok when the chain itself is whole', async () => {
    const signer = new NodeSigner();
    const [a, b, c] = Array.from({ length: 3 }, () => signer.next().jws) as [string, string, string];
    const report = await verifyChain([a, c, b, b]);
    assert.equal(report.ok, true);
    assert.equal(report.inOrder, false);
    assert.deepEqual(
      report.issues.map((issue) => issue.kind),
      ['reordered'],
    );
  });

  it('finds forks: two receipts at one position', async () => {
    const signer = new NodeSigner();
    const first = signer.next().jws;
    const branchA = signer.next();
    signer.seq = branchA.payload.seq;
    signer.prev = branchA.payload.prev;
    const branchB = signer.next();
    const report = await verifyChain([first, branchA.jws, branchB.jws]);
    assert.equal(report.ok, false);
    const fork = report.issues.find((issue) => issue.kind === 'fork');
    assert.deepEqual(fork, {
      kind: 'fork',
      kid: signer.kid,
      seq: 1,
      ids: [branchA.payload.id, branchB.payload.id],
    });
  });

  it('finds a broken link and invalid members', async () => {
    const signer = new NodeSigner();
    const a = signer.next().jws;
    signer.prev = 'f'.repeat(64);
    const b = signer.next().jws;
    const report = await verifyChain([a, b, 'not-a-jws']);
    assert.deepEqual(report.issues.map((issue) => issue.kind).sort(), ['broken-link', 'invalid']);
  });

  it('keeps chains of different keys apart', async () => {
    const one = new NodeSigner();
    const two = new NodeSigner();
    const list = [one.next().jws, two.next().jws, one.next().jws, two.next().jws];
    const report = await verifyChain(list);
    assert.equal(report.ok, true);
    assert.equal(report.inOrder, true);
    assert.equal(report.chains.length, 2);
  });
});

describe('interoperability', () => {
  it('verifies with jose as the README shows', async () => {
    const { compactVerify, importJWK, calculateJwkThumbprint, decodeProtectedHeader } = await import('jose');
    const { jws, payload } = new NodeSigner().next();
    const header = decodeProtectedHeader(jws);
    assert.equal(header.alg, 'ES256');
    assert.equal(header.kid, await calculateJwkThumbprint(header.jwk!, 'sha256'));
    const verified = await compactVerify(jws, await importJWK(header.jwk!, 'ES256'));
    assert.deepEqual(JSON.parse(new TextDecoder().decode(verified.payload)), payload);
  });
});
