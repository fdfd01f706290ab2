/** assent/verify's transparency-log checks: signed tree heads, inclusion and consistency proofs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { NodeSigner } from '../support/mint.js';
import { toHex } from '../../src/receipt/merkle.js';
import {
  MAX_PROOF_LENGTH,
  verifyConsistency,
  verifyInclusion,
  verifyReceipt,
  verifyTreeHead,
  type InclusionInput,
  type TreeHeadResult,
} from '../../src/verify/index.js';
import { TestLog, TreeHeadSigner } from '../support/tree-heads.js';

const reasonOf = (result: TreeHeadResult | { ok: boolean; reason?: string }) =>
  result.ok ? 'ok' : (result as { reason: string }).reason;

const EMPTY_ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** A log holding `count` real receipts. */
function logOf(count: number): TestLog {
  const log = new TestLog();
  const browser = new NodeSigner();
  for (let i = 0; i < count; i++) log.append(browser.next().jws);
  return log;
}

describe('verifyTreeHead', () => {
  const log = logOf(5);
  const signer = log.signer;

  it('accepts a head signed by the receiver and returns what it states', async () => {
    const { jws, head } = log.head();
    const result = await verifyTreeHead(jws);
    assert.equal(result.ok, true, JSON.stringify(result));
    if (!result.ok) return;
    assert.deepEqual(result.head, head);
    assert.equal(result.kid, signer.kid);
    assert.equal(result.head.log, signer.kid);
    assert.equal(result.head.treeSize, 5);
    assert.equal((await verifyTreeHead(jws, { receiverKid: signer.kid })).ok, true);
  });

  it('accepts the empty tree only with the root sha256("")', async () => {
    const timestamp = new Date().toISOString();
    const good = signer.signRaw({ log: signer.kid, treeSize: 0, rootHash: EMPTY_ROOT, timestamp });
    assert.equal(reasonOf(await verifyTreeHead(good)), 'ok');
    const bad = signer.signRaw({ log: signer.kid, treeSize: 0, rootHash: 'a'.repeat(64), timestamp });
    assert.equal(reasonOf(await verifyTreeHead(bad)), 'bad-payload');
  });

  it('refuses a head signed by another key than the pinned one', async () => {
    const other = new TreeHeadSigner();
    const { jws } = other.head(log.tree);
    assert.equal(reasonOf(await verifyTreeHead(jws)), 'ok');
    assert.equal(reasonOf(await verifyTreeHead(jws, { receiverKid: signer.kid })), 'unexpected-key');
  });

  it('names the reason for each kind of bad head', async () => {
    const { head, jws } = log.head();
    const [headerPart, payloadPart] = jws.split('.') as [string, string, string];
    const other = new TreeHeadSigner();
    const otherJws = other.signRaw(head);
    const cases: [string, unknown, string][] = [
      ['not a string', 42, 'malformed'],
      ['two parts', `${headerPart}.${payloadPart}`, 'malformed'],
      ['no typ', signer.signRaw(head, { typ: undefined }), 'bad-header'],
      ['a receipt typ', signer.signRaw(head, { typ: 'assent-receipt+jws' }), 'bad-header'],
      ['a receipt', new NodeSigner().next().jws, 'bad-header'],
      ['alg none', signer.signRaw(head, { alg: 'none' }), 'unsigned'],
      ['kid of another key', signer.signRaw(head, { kid: other.kid }), 'kid-mismatch'],
      ['signature of another key', `${headerPart}.${payloadPart}.${otherJws.split('.')[2]}`, 'bad-signature'],
      ['log is not the kid', signer.signRaw({ ...head, log: other.kid }), 'bad-payload'],
      ['negative size', signer.signRaw({ ...head, treeSize: -1 }), 'bad-payload'],
      ['fractional size', signer.signRaw({ ...head, treeSize: 1.5 }), 'bad-payload'],
      ['size as text', signer.signRaw({ ...head, treeSize: '5' }), 'bad-payload'],
      ['uppercase root', signer.signRaw({ ...head, rootHash: head.rootHash.toUpperCase() }), 'bad-payload'],
      ['short root', signer.signRaw({ ...head, rootHash: head.rootHash.slice(2) }), 'bad-payload'],
      ['no timestamp', signer.signRaw({ ...head, timestamp: undefined }), 'bad-payload'],
      ['date only', signer.signRaw({ ...head, timestamp: '2026-11-28' }), 'bad-payload'],
      ['impossible date', signer.signRaw({ ...head, timestamp: '2026-13-40T00:00:00Z' }), 'bad-payload'],
      ['not canonical', signer.signRaw(head, {}, JSON.stringify(head, null, 1)), 'not-canonical'],
    ];
    for (const [label, input, reason] of cases) {
      assert.equal(reasonOf(await verifyTreeHead(input as string)), reason, label);
    }
  });

  it('rejects a change of any one character of a head', async () => {
    const { jws } = log.head();
    const accepted: number[] = [];
    for (let position = 0; position < jws.length; position++) {
      const replacement = jws[position] === 'A' ? 'B' : 'A';
      const changed = jws.slice(0, position) + replacement + jws.slice(position + 1);
      if ((await verifyTreeHead(changed)).ok) accepted.push(position);
    }
    assert.deepEqual(accepted, []);
  });

  it('never throws, whatever it is given', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (input) => {
        const result = await verifyTreeHead(input as string);
        assert.equal(result.ok, false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('verifyInclusion', () => {
  const log = logOf(13);

  it('shows every receipt of the log in every head that covers it', async () => {
    for (let size = 1; size <= 13; size++) {
      const { jws: headJws } = log.head(size);
      const head = await verifyTreeHead(headJws);
      assert.ok(head.ok);
      if (!head.ok) return;
      for (let leafIndex = 0; leafIndex < size; leafIndex++) {
        const jws = log.entries[leafIndex]!;
        assert.equal((await verifyReceipt(jws)).ok, true);
        const proof = log.inclusionProof(leafIndex, size);
        const result = verifyInclusion({
          jws,
          leafIndex,
          treeSize: size,
          rootHash: head.head.rootHash,
          proof,
        });
        assert.deepEqual(result, { ok: true }, `${leafIndex} in ${size}`);
        // Another receipt with the same proof, or this one at another index, does not pass.
        const other = log.entries[(leafIndex + 1) % 13]!;
        assert.equal(
          reasonOf(
            verifyInclusion({ jws: other, leafIndex, treeSize: size, rootHash: head.head.rootHash, proof }),
          ),
          'mismatch',
        );
        if (size > 1) {
          const moved: InclusionInput = {
            jws,
            leafIndex: (leafIndex + 1) % size,
            treeSize: size,
            rootHash: head.head.rootHash,
            proof,
          };
          assert.equal(reasonOf(verifyInclusion(moved)), 'mismatch');
        }
      }
    }
  });

  it('tells malformed input from a proof that does not match', () => {
    const jws = log.entries[2]!;
    const rootHash = toHex(log.tree.root());
    const proof = log.inclusionProof(2);
    const base = { jws, leafIndex: 2, treeSize: 13, rootHash, proof };
    assert.deepEqual(verifyInclusion(base), { ok: true });
    const cases: [string, unknown, string][] = [
      ['no input', undefined, 'malformed'],
      ['jws not a string', { ...base, jws: 7 }, 'malformed'],
      ['index beyond size', { ...base, leafIndex: 13 }, 'malformed'],
      ['negative index', { ...base, leafIndex: -1 }, 'malformed'],
      ['size as text', { ...base, treeSize: '13' }, 'malformed'],
      ['uppercase root', { ...base, rootHash: rootHash.toUpperCase() }, 'malformed'],
      ['proof not a list', { ...base, proof: proof.join('') }, 'malformed'],
      ['uppercase proof hash', { ...base, proof: proof.map((hash) => hash.toUpperCase()) }, 'malformed'],
      ['a number in the proof', { ...base, proof: [...proof.slice(1), 5] }, 'malformed'],
      ['an overlong proof', { ...base, proof: Array(MAX_PROOF_LENGTH + 1).fill(rootHash) }, 'malformed'],
      ['a short proof', { ...base, proof: proof.slice(1) }, 'mismatch'],
      ['a proof one hash too long', { ...base, proof: [...proof, rootHash] }, 'mismatch'],
      ['another root', { ...base, rootHash: toHex(log.tree.root(12)) }, 'mismatch'],
      // (A size with the same proof shape, e.g. 12 here, would pass: the head binds size and root.)
      ['twice the size', { ...base, treeSize: 26 }, 'mismatch'],
      ['half the size', { ...base, treeSize: 6 }, 'mismatch'],
    ];
    for (const [label, input, reason] of cases) {
      assert.equal(reasonOf(verifyInclusion(input as never)), reason, label);
    }
  });
});

describe('verifyConsistency', () => {
  const log = logOf(11);

  it('accepts every earlier head of an honest log', () => {
    for (let second = 0; second <= 11; second++) {
      for (let first = 0; first <= second; first++) {
        const result = verifyConsistency({
          first,
          second,
          firstRoot: toHex(log.tree.root(first)),
          secondRoot: toHex(log.tree.root(second)),
          proof: log.consistencyProof(first, second),
        });
        assert.deepEqual(result, { ok: true }, `${first} → ${second}`);
      }
    }
  });

  it('catches a history that dropped a leaf or forked, whatever proof the log offers', () => {
    const first = 7;
    const firstRoot = toHex(log.tree.root(first));
    const browser = new NodeSigner();
    for (const rewrite of [
      (rewritten: TestLog) => rewritten.dropLeaf(3),
      (rewritten: TestLog) => rewritten.replaceLeaf(6, browser.next().jws),
      (rewritten: TestLog) => rewritten.replaceLeaf(0, browser.next().jws),
    ]) {
      const rewritten = logOf(0);
      for (const entry of log.entries) rewritten.append(entry);
      rewrite(rewritten);
      rewritten.append(browser.next().jws);
      const second = rewritten.tree.size;
      const secondRoot = toHex(rewritten.tree.root());
      // The rewritten log's own proof, and the honest log's proof: neither links the two heads.
      for (const proof of [
        rewritten.consistencyProof(first),
        log.consistencyProof(first, Math.min(second, 11)),
      ]) {
        const result = verifyConsistency({ first, second, firstRoot, secondRoot, proof });
        assert.equal(reasonOf(result), 'mismatch');
      }
    }
  });

  it('refuses a shrinking tree and malformed input', () => {
    const root = (n: number) => toHex(log.tree.root(n));
    const base = {
      first: 4,
      second: 9,
      firstRoot: root(4),
      secondRoot: root(9),
      proof: log.consistencyProof(4, 9),
    };
    assert.deepEqual(verifyConsistency(base), { ok: true });
    const cases: [string, unknown, string][] = [
      ['no input', null, 'malformed'],
      ['shrinking', { ...base, first: 9, second: 4, firstRoot: root(9), secondRoot: root(4) }, 'mismatch'],
      ['size as text', { ...base, first: '4' }, 'malformed'],
      ['bad root', { ...base, firstRoot: 'zz' }, 'malformed'],
      ['proof not a list', { ...base, proof: 'x' }, 'malformed'],
      ['empty proof', { ...base, proof: [] }, 'mismatch'],
      ['same size, other root', { ...base, second: 4, secondRoot: root(5), proof: [] }, 'mismatch'],
      ['swapped roots', { ...base, firstRoot: root(9), secondRoot: root(4) }, 'mismatch'],
    ];
    for (const [label, input, reason] of cases) {
      assert.equal(reasonOf(verifyConsistency(input as never)), reason, label);
    }
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, b) => {
        assert.equal(verifyConsistency(a as never).ok, false);
        assert.equal(verifyInclusion(b as never).ok, false);
        const mixed = { first: a, second: b, firstRoot: a, secondRoot: b, proof: [a, b] };
        assert.equal(verifyConsistency(mixed as never).ok, false);
      }),
      { numRuns: 500 },
    );
  });
});
