/**
 * src/receipt/merkle.ts against RFC 9162 §2.1: published vectors, an independent plain recursive
 * implementation of MTH / PATH / PROOF written here from the RFC's text (hashing with node:crypto,
 * not the library's sha256), and property tests over random tree sizes 1 … 10,000.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  emptyRoot,
  fromHex,
  hashFromHex,
  leafHash,
  MerkleTree,
  nodeHash,
  rootFromInclusionProof,
  toHex,
  verifyConsistencyProof,
  verifyInclusionProof,
} from '../../src/receipt/merkle.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);

// ---- The reference: RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1, transcribed literally ----------------

const sha = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return new Uint8Array(h.digest());
};
const refLeaf = (data: Uint8Array) => sha(Uint8Array.of(0), data);
const refNode = (left: Uint8Array, right: Uint8Array) => sha(Uint8Array.of(1), left, right);
/** "the largest power of two smaller than n" */
const refSplit = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);

/** The reference over a fixed list of leaf hashes; MTH of a range is memoised (same results, less waiting). */
class Reference {
  private readonly memo = new Map<string, Uint8Array>();
  constructor(readonly leaves: readonly Uint8Array[]) {}

  /** MTH(D[start:end]) */
  mth(start: number, end: number): Uint8Array {
    const n = end - start;
    if (n === 0) return sha();
    if (n === 1) return this.leaves[start]!;
    const key = `${start}:${end}`;
    let hash = this.memo.get(key);
    if (!hash) {
      const k = refSplit(n);
      hash = refNode(this.mth(start, start + k), this.mth(start + k, end));
      this.memo.set(key, hash);
    }
    return hash;
  }

  /** PATH(m, D[start:end]) */
  path(m: number, start: number, end: number): Uint8Array[] {
    const n = end - start;
    if (n === 1) return [];
    const k = refSplit(n);
    if (m < k) return [...this.path(m, start, start + k), this.mth(start + k, end)];
    return [...this.path(m - k, start + k, end), this.mth(start, start + k)];
  }

  /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true) */
  proof(m: number, n: number): Uint8Array[] {
    return this.subproof(m, 0, n, true);
  }

  private subproof(m: number, start: number, end: number, b: boolean): Uint8Array[] {
    const n = end - start;
    if (m === n) return b ? [] : [this.mth(start, end)];
    const k = refSplit(n);
    if (m <= k) return [...this.subproof(m, start, start + k, b), this.mth(start + k, end)];
    return [...this.subproof(m - k, start + k, end, false), this.mth(start, start + k)];
  }
}

const hexes = (hashes: Uint8Array[]) => hashes.map(toHex);
const flipBit = (hash: Uint8Array, bit: number) => {
  const copy = hash.slice();
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
};

/** Leaf inputs that differ from each other: the index as 4 bytes. */
const leafInput = (i: number) => Uint8Array.of(i >>> 24, (i >>> 16) & 255, (i >>> 8) & 255, i & 255);

const MAX_SIZE = 10_000;
const bigLeaves = Array.from({ length: MAX_SIZE }, (_, i) => refLeaf(leafInput(i)));
const bigRef = new Reference(bigLeaves);
const bigTree = new MerkleTree(bigLeaves);

// ---- Published vectors ------------------------------------------------------------------------

/*
 * The RFC 6962 reference vectors of Certificate Transparency, as kept by transparency-dev/merkle
 * (github.com/transparency-dev/merkle, testonly/constants.go: LeafInputs, RootHashes; and
 * proof/verify_test.go: inclusionProofs, consistencyProofs; originally from
 * google/certificate-transparency cpp/merkletree/merkle_tree_test.cc). RFC 9162 keeps RFC 6962's
 * hashing, so the same vectors hold.
 */
const VECTOR_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const VECTOR_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
/** [leaf index (0-based), tree size, path] */
const VECTOR_INCLUSION: [number, number, string[]][] = [
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
/** [first size, second size, proof] */
const VECTOR_CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

const vectorTree = () => new MerkleTree(VECTOR_LEAVES.map((hex) => leafHash(fromHex(hex)!)));
const hashes = (list: string[]) => list.map((hex) => hashFromHex(hex)!);

test('hashing primitives: empty root, leaf and node prefixes (RFC 9162 §2.1.1)', () => {
  assert.equal(toHex(emptyRoot()), createHash('sha256').update('').digest('hex'));
  assert.equal(toHex(leafHash(new Uint8Array(0))), VECTOR_ROOTS[1]);
  // The leaf prefix 0x00 and node prefix 0x01 are part of the hash, so a leaf never passes for a node.
  const a = leafHash(Uint8Array.of(1));
  const b = leafHash(Uint8Array.of(2));
  assert.equal(toHex(nodeHash(a, b)), toHex(refNode(a, b)));
  assert.notEqual(toHex(nodeHash(a, b)), toHex(refLeaf(new Uint8Array([...a, ...b]))));
  assert.equal(toHex(new MerkleTree().root()), VECTOR_ROOTS[0]);
});

test('hex helpers accept only lowercase hex of even length', () => {
  assert.deepEqual(fromHex('00ff10'), Uint8Array.of(0, 255, 16));
  assert.deepEqual(fromHex(''), new Uint8Array(0));
  for (const bad of ['0', 'FF', '0g', ' 00', '00 ', '0x00']) assert.equal(fromHex(bad), null, bad);
  assert.equal(fromHex(42 as unknown as string), null);
  assert.equal(hashFromHex('00'), null);
  assert.equal(toHex(hashFromHex(VECTOR_ROOTS[1]!)!), VECTOR_ROOTS[1]);
});

test('published vectors: roots of sizes 0 … 8', () => {
  const tree = vectorTree();
  for (let size = 0; size <= 8; size++)
    assert.equal(toHex(tree.root(size)), VECTOR_ROOTS[size], `size ${size}`);
  // Grown one leaf at a time, the root after each append is the same.
  const grown = new MerkleTree();
  VECTOR_LEAVES.forEach((hex, i) => {
    assert.equal(grown.append(leafHash(fromHex(hex)!)), i);
    assert.equal(toHex(grown.root()), VECTOR_ROOTS[i + 1]);
  });
});

test('published vectors: inclusion proofs are produced and verified, corruptions are refused', () => {
  const tree = vectorTree();
  for (const [index, size, expected] of VECTOR_INCLUSION) {
    assert.deepEqual(hexes(tree.inclusionProof(index, size)), expected, `${index} in ${size}`);
    const leaf = leafHash(fromHex(VECTOR_LEAVES[index]!)!);
    const root = hashFromHex(VECTOR_ROOTS[size]!)!;
    const proof = hashes(expected);
    assert.ok(verifyInclusionProof(index, size, leaf, proof, root));
    // The corruptions transparency-dev/merkle probes: each must fail.
    const some = hashFromHex('abacaba000000000000000000000000000000000000000000060061e00123456')!;
    const probes: [number, number, Uint8Array, Uint8Array[], Uint8Array][] = [
      [index - 1, size, leaf, proof, root],
      [index + 1, size, leaf, proof, root],
      [index ^ 2, size, leaf, proof, root],
      [index, size * 2, leaf, proof, root],
      [index, Math.floor(size / 2), leaf, proof, root],
      [index, size, some, proof, root],
      [index, size, leaf, proof, emptyRoot()],
      [index, size, leaf, proof, some],
      [index, size, leaf, [...proof, root], root],
      [index, size, leaf, [root, ...proof], root],
      [index, size, leaf, proof.slice(0, -1), root],
      [index, size, leaf, [proof[0]!, some, ...proof.slice(1)], root],
      ...proof.map((_, i): [number, number, Uint8Array, Uint8Array[], Uint8Array] => [
        index,
        size,
        leaf,
        proof.map((hash, j) => (i === j ? flipBit(hash, 3) : hash)),
        root,
      ]),
    ];
    for (const [i, n, l, p, r] of probes)
      assert.equal(verifyInclusionProof(i, n, l, p, r), false, `${i}/${n}`);
  }
});

test('published vectors: consistency proofs are produced and verified, corruptions are refused', () => {
  const tree = vectorTree();
  for (const [first, second, expected] of VECTOR_CONSISTENCY) {
    assert.deepEqual(hexes(tree.consistencyProof(first, second)), expected, `${first} → ${second}`);
    const r1 = hashFromHex(VECTOR_ROOTS[first]!)!;
    const r2 = hashFromHex(VECTOR_ROOTS[second]!)!;
    const proof = hashes(expected);
    assert.ok(verifyConsistencyProof(first, second, r1, r2, proof));
    if (proof.length === 0) continue;
    const probes: [number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
      [first - 1, second, r1, r2, proof],
      [first + 1, second, r1, r2, proof],
      [first ^ 2, second, r1, r2, proof],
      [first, second * 2, r1, r2, proof],
      [first, Math.floor(second / 2), r1, r2, proof],
      [first, second, r2, r2, proof],
      [first, second, r1, r1, proof],
      [first, second, r2, r1, proof],
      [first, second, r1, r2, []],
      [first, second, r1, r2, [...proof, r1]],
      [first, second, r1, r2, [...proof, r2]],
      [first, second, r1, r2, [r1, ...proof]],
      [first, second, r1, r2, [r2, ...proof]],
      [first, second, r1, r2, [proof[0]!, ...proof]],
      [first, second, r1, r2, proof.slice(0, -1)],
      ...proof.map((_, i): [number, number, Uint8Array, Uint8Array, Uint8Array[]] => [
        first,
        second,
        r1,
        r2,
        proof.map((hash, j) => (i === j ? flipBit(hash, 4) : hash)),
      ]),
    ];
    for (const [m, n, a, b, p] of probes)
      assert.equal(verifyConsistencyProof(m, n, a, b, p), false, `${m} → ${n}`);
  }
});

test('edge cases of consistency: equal sizes, the empty tree, a shrinking tree', () => {
  const tree = vectorTree();
  const r = (n: number) => tree.root(n);
  assert.ok(verifyConsistencyProof(0, 0, emptyRoot(), emptyRoot(), []));
  assert.ok(verifyConsistencyProof(0, 5, emptyRoot(), r(5), []));
  assert.ok(verifyConsistencyProof(5, 5, r(5), r(5), []));
  assert.equal(verifyConsistencyProof(5, 5, r(5), r(4), []), false, 'same size, different roots');
  assert.equal(verifyConsistencyProof(5, 5, r(5), r(5), [r(1)]), false, 'same size, non-empty proof');
  assert.equal(verifyConsistencyProof(0, 5, emptyRoot(), r(5), [r(1)]), false, 'empty tree, non-empty proof');
  assert.equal(
    verifyConsistencyProof(0, 5, r(1), r(5), []),
    false,
    'a size-0 head must carry the empty root',
  );
  assert.equal(verifyConsistencyProof(5, 4, r(5), r(4), tree.consistencyProof(4, 5)), false, 'shrinking');
  assert.deepEqual(tree.consistencyProof(0, 5), []);
  assert.deepEqual(tree.consistencyProof(5, 5), []);
});

test('inclusion in a one-leaf tree is the empty path; malformed arguments are refused, not thrown', () => {
  const leaf = leafHash(new TextEncoder().encode('data'));
  assert.ok(verifyInclusionProof(0, 1, leaf, [], leaf));
  assert.equal(verifyInclusionProof(0, 1, leaf, [], new Uint8Array(0)), false);
  assert.equal(verifyInclusionProof(0, 1, new Uint8Array(0), [], leaf), false);
  for (const [index, size] of [
    [0, 0],
    [1, 0],
    [2, 1],
    [-1, 4],
    [0.5, 4],
    [Number.NaN, 4],
  ] as const) {
    assert.equal(verifyInclusionProof(index, size, leaf, [], leaf), false, `${index}/${size}`);
  }
  assert.equal(rootFromInclusionProof(0, 2, leaf, [new Uint8Array(31)]), null, 'short hash in the proof');
  assert.equal(rootFromInclusionProof(0, 2, leaf, 'x' as unknown as Uint8Array[]), null);
  assert.equal(verifyConsistencyProof(1, 2, leaf, leaf, [new Uint8Array(33)]), false);
  assert.equal(verifyConsistencyProof(-1, 2, leaf, leaf, [leaf]), false);
  assert.equal(verifyConsistencyProof(1, 2, null as unknown as Uint8Array, leaf, [leaf]), false);
});

test('the tree refuses out-of-range sizes and indices and non-hash leaves', () => {
  const tree = vectorTree();
  assert.throws(() => tree.root(9), RangeError);
  assert.throws(() => tree.inclusionProof(8), RangeError);
  assert.throws(() => tree.inclusionProof(3, 3), RangeError);
  assert.throws(() => tree.inclusionProof(-1), RangeError);
  assert.throws(() => tree.consistencyProof(6, 5), RangeError);
  assert.throws(() => tree.consistencyProof(1, 9), RangeError);
  assert.throws(() => tree.append(new Uint8Array(31)), TypeError);
  assert.equal(tree.size, 8);
  // Returned hashes are copies: changing one does not change the tree.
  const root = tree.root();
  tree.root().fill(0);
  tree.inclusionProof(0)[0]!.fill(0);
  tree.leaf(0).fill(0);
  assert.deepEqual(tree.root(), root);
  assert.ok(verifyInclusionProof(0, 8, tree.leaf(0), tree.inclusionProof(0), root));
});

// ---- Against the reference --------------------------------------------------------------------

test('every index and every (m, n) pair of every tree size 1 … 64 matches the reference', () => {
  for (let n = 1; n <= 64; n++) {
    const root = bigRef.mth(0, n);
    assert.deepEqual(toHex(bigTree.root(n)), toHex(root), `root ${n}`);
    for (let i = 0; i < n; i++) {
      const proof = bigTree.inclusionProof(i, n);
      assert.deepEqual(hexes(proof), hexes(bigRef.path(i, 0, n)), `path ${i} in ${n}`);
      assert.ok(verifyInclusionProof(i, n, bigLeaves[i]!, proof, root), `verify ${i} in ${n}`);
      if (n > 1) assert.equal(verifyInclusionProof((i + 1) % n, n, bigLeaves[i]!, proof, root), false);
    }
    for (let m = 1; m < n; m++) {
      const proof = bigTree.consistencyProof(m, n);
      assert.deepEqual(hexes(proof), hexes(bigRef.proof(m, n)), `proof ${m} → ${n}`);
      assert.ok(verifyConsistencyProof(m, n, bigRef.mth(0, m), root, proof), `verify ${m} → ${n}`);
      assert.equal(verifyConsistencyProof(m, n, bigRef.mth(0, m === 1 ? 2 : m - 1), root, proof), false);
    }
  }
});

test('property: roots and inclusion proofs for random sizes 1 … 10,000 match the reference', () => {
  fc.assert(
    fc.property(
      fc
        .integer({ min: 1, max: MAX_SIZE })
        .chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat(255))),
      ([n, i, bit]) => {
        const root = bigTree.root(n);
        assert.equal(toHex(root), toHex(bigRef.mth(0, n)));
        const proof = bigTree.inclusionProof(i, n);
        assert.deepEqual(hexes(proof), hexes(bigRef.path(i, 0, n)));
        assert.ok(verifyInclusionProof(i, n, bigLeaves[i]!, proof, root));
        // Any flipped bit anywhere (leaf, a proof hash, the root) breaks it.
        assert.equal(verifyInclusionProof(i, n, flipBit(bigLeaves[i]!, bit), proof, root), false);
        assert.equal(verifyInclusionProof(i, n, bigLeaves[i]!, proof, flipBit(root, bit)), false);
        if (proof.length > 0) {
          const k = bit % proof.length;
          const bad = proof.map((hash, j) => (j === k ? flipBit(hash, bit) : hash));
          assert.equal(verifyInclusionProof(i, n, bigLeaves[i]!, bad, root), false);
        }
      },
    ),
    { numRuns: RUNS },
  );
});

test('property: consistency proofs for random (m, n), 1 ≤ m ≤ n ≤ 10,000, match the reference', () => {
  fc.assert(
    fc.property(
      fc
        .integer({ min: 1, max: MAX_SIZE })
        .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n))),
      fc.nat(255),
      ([m, n], bit) => {
        const proof = bigTree.consistencyProof(m, n);
        assert.deepEqual(hexes(proof), hexes(m === n ? [] : bigRef.proof(m, n)));
        const r1 = bigRef.mth(0, m);
        const r2 = bigRef.mth(0, n);
        assert.ok(verifyConsistencyProof(m, n, r1, r2, proof));
        if (m < n) {
          // A history with one leaf changed (a rewrite) is caught: its root differs at size n.
          const forked = [...bigLeaves.slice(0, n)];
          const changed = bit % m;
          forked[changed] = flipBit(forked[changed]!, bit);
          const forkRoot = new Reference(forked).mth(0, m);
          assert.equal(verifyConsistencyProof(m, n, forkRoot, r2, proof), false);
          assert.equal(verifyConsistencyProof(m, n, r1, flipBit(r2, bit), proof), false);
          const k = bit % proof.length;
          const bad = proof.map((hash, j) => (j === k ? flipBit(hash, bit) : hash));
          assert.equal(verifyConsistencyProof(m, n, r1, r2, bad), false);
        }
      },
    ),
    { numRuns: RUNS },
  );
});

test('property: every index of a random size up to 10,000 verifies, against the reference path', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: MAX_SIZE }), (n) => {
      const root = bigRef.mth(0, n);
      for (let i = 0; i < n; i++) {
        const proof = bigTree.inclusionProof(i, n);
        assert.ok(verifyInclusionProof(i, n, bigLeaves[i]!, proof, root), `${i} in ${n}`);
      }
      // Paths compared one by one with the reference for a sample (the reference is slower).
      for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 97))) {
        assert.deepEqual(hexes(bigTree.inclusionProof(i, n)), hexes(bigRef.path(i, 0, n)));
      }
    }),
    { numRuns: 3 },
  );
});

test('property: every first size m of a random second size up to 10,000 is consistent', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: MAX_SIZE }), (n) => {
      const r2 = bigRef.mth(0, n);
      for (let m = 1; m <= n; m++) {
        const proof = bigTree.consistencyProof(m, n);
        assert.ok(verifyConsistencyProof(m, n, bigRef.mth(0, m), r2, proof), `${m} → ${n}`);
      }
    }),
    { numRuns: 2 },
  );
});

test('a million leaves: appends, root and proofs agree with a level-by-level construction', () => {
  const count = 1_000_000;
  const leaves = Array.from({ length: count }, (_, i) => refLeaf(leafInput(i)));
  const tree = new MerkleTree();
  const started = performance.now();
  for (const leaf of leaves) tree.append(leaf);
  const appended = performance.now() - started;
  assert.equal(tree.size, count);
  // RFC 9162's tree is also what you get by hashing pairs level by level and carrying an odd last
  // node up unchanged: a second, independent construction of the root.
  let level = leaves;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(refNode(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  const root = tree.root();
  assert.equal(toHex(root), toHex(level[0]!));
  for (const i of [0, 1, 524_287, 524_288, 999_998, 999_999]) {
    const proof = tree.inclusionProof(i);
    assert.ok(proof.length <= 20);
    assert.ok(verifyInclusionProof(i, count, tree.leaf(i), proof, root), `leaf ${i}`);
  }
  for (const m of [1, 3, 524_288, 999_999]) {
    const proof = tree.consistencyProof(m);
    assert.ok(verifyConsistencyProof(m, count, tree.root(m), root, proof), `${m} → ${count}`);
  }
  console.log(`# merkle: ${count} appends in ${appended.toFixed(0)} ms`);
});
