/**
 * RFC 9162 (Certificate Transparency 2.0) Merkle tree hashing, §2.1: the receiver's transparency
 * log and everyone who checks it (browser, CLI, auditors) share this one module. Pure and
 * synchronous: no DOM, no network, no storage, nothing of ours imported.
 *
 * Leaf hash = sha256(0x00 ‖ leaf bytes), node hash = sha256(0x01 ‖ left ‖ right); the different
 * prefixes keep a leaf from ever passing for an inner node (second-preimage attacks).
 */
import { sha256 } from '@noble/hashes/sha2.js';

/** Length in bytes of every hash in the tree. */
export const HASH_BYTES = 32;

/** sha256(0x00 ‖ bytes): the hash of one entry (for the receipt log, the compact JWS bytes). */
export function leafHash(bytes: Uint8Array): Uint8Array {
  const input = new Uint8Array(bytes.length + 1);
  input[0] = 0;
  input.set(bytes, 1);
  return sha256(input);
}

/** sha256(0x01 ‖ left ‖ right): the hash of an inner node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/** The root of the empty tree: sha256 of the empty string (RFC 9162 §2.1.1). */
export function emptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

const HEX = /^(?:[0-9a-f]{2})*$/;

/** Lowercase hex, as hashes travel in JSON. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Decodes lowercase hex of even length; returns null for anything else (no lenient forms). */
export function fromHex(text: string): Uint8Array | null {
  if (typeof text !== 'string' || !HEX.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Decodes a hex string that must be exactly one hash long. */
export function hashFromHex(text: string): Uint8Array | null {
  const bytes = fromHex(text);
  return bytes && bytes.length === HASH_BYTES ? bytes : null;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Largest power of two strictly below n (n ≥ 2): the split point k of RFC 9162 §2.1.1. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && Math.pow(2, Math.round(Math.log2(n))) === n;
}

/** Hashes of one level of the tree packed in one growable buffer (a million leaves = 32 MB, not a million objects). */
class Level {
  private bytes = new Uint8Array(HASH_BYTES * 16);
  length = 0;

  push(hash: Uint8Array): void {
    if ((this.length + 1) * HASH_BYTES > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(hash, this.length * HASH_BYTES);
    this.length++;
  }

  /** A view into the buffer: callers inside this module only read it. */
  at(index: number): Uint8Array {
    return this.bytes.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }
}

/**
 * An append-only Merkle tree over leaf hashes. Every complete subtree's hash is kept (level k holds
 * the hashes of the aligned subtrees of 2^k leaves), so an append costs amortised one node hash,
 * and roots and proofs for the current or any earlier size cost O(log n) hashes.
 */
export class MerkleTree {
  private readonly levels: Level[] = [new Level()];

  constructor(leafHashes: Iterable<Uint8Array> = []) {
    for (const hash of leafHashes) this.append(hash);
  }

  /** Number of leaves. */
  get size(): number {
    return this.levels[0]!.length;
  }

  /** Appends one leaf hash (see leafHash) and returns its index. */
  append(hash: Uint8Array): number {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_BYTES) {
      throw new TypeError(`a leaf hash is ${HASH_BYTES} bytes`);
    }
    const index = this.size;
    this.levels[0]!.push(hash);
    // Every time a level gains its second, fourth, … node, a complete pair closes one level up.
    for (let level = 0; this.levels[level]!.length % 2 === 0; level++) {
      const nodes = this.levels[level]!;
      const parent = nodeHash(nodes.at(nodes.length - 2), nodes.at(nodes.length - 1));
      if (!this.levels[level + 1]) this.levels.push(new Level());
      this.levels[level + 1]!.push(parent);
    }
    return index;
  }

  /** The hash of leaf `index`. */
  leaf(index: number): Uint8Array {
    this.checkIndex(index, this.size);
    return this.levels[0]!.at(index).slice();
  }

  /** MTH(D[0:size]) for the current or an earlier size (RFC 9162 §2.1.1). */
  root(size: number = this.size): Uint8Array {
    this.checkSize(size);
    return size === 0 ? emptyRoot() : this.range(0, size).slice();
  }

  /** PATH(index, D[0:size]) (RFC 9162 §2.1.3.1): sibling hashes from the leaf up. */
  inclusionProof(index: number, size: number = this.size): Uint8Array[] {
    this.checkSize(size);
    this.checkIndex(index, size);
    const path: Uint8Array[] = [];
    this.path(index, 0, size, path);
    return path.map((hash) => hash.slice());
  }

  /** PROOF(first, D[0:second]) (RFC 9162 §2.1.4.1); empty when first is 0 or equals second. */
  consistencyProof(first: number, second: number = this.size): Uint8Array[] {
    this.checkSize(second);
    if (!Number.isSafeInteger(first) || first < 0 || first > second) {
      throw new RangeError(`first size ${first} is not within 0…${second}`);
    }
    const proof: Uint8Array[] = [];
    if (first > 0 && first < second) this.subproof(first, 0, second, true, proof);
    return proof.map((hash) => hash.slice());
  }

  /**
   * MTH of leaves [start, end). In every range the RFC's recursion asks for, start is a multiple
   * of the largest complete subtree inside it, so the left part is always a cached node and only
   * the right spine is hashed.
   */
  private range(start: number, end: number): Uint8Array {
    const n = end - start;
    if (isPowerOfTwo(n) && start % n === 0) return this.levels[Math.round(Math.log2(n))]!.at(start / n);
    const k = splitPoint(n);
    return nodeHash(this.range(start, start + k), this.range(start + k, end));
  }

  private path(index: number, start: number, end: number, out: Uint8Array[]): void {
    const n = end - start;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (index < k) {
      this.path(index, start, start + k, out);
      out.push(this.range(start + k, end));
    } else {
      this.path(index - k, start + k, end, out);
      out.push(this.range(start, start + k));
    }
  }

  private subproof(m: number, start: number, end: number, whole: boolean, out: Uint8Array[]): void {
    const n = end - start;
    if (m === n) {
      if (!whole) out.push(this.range(start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      this.subproof(m, start, start + k, whole, out);
      out.push(this.range(start + k, end));
    } else {
      this.subproof(m - k, start + k, end, false, out);
      out.push(this.range(start, start + k));
    }
  }

  private checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new RangeError(`tree size ${size} is not within 0…${this.size}`);
    }
  }

  private checkIndex(index: number, size: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`leaf index ${index} is not within 0…${size - 1}`);
    }
  }
}

// Bit operations on sizes above 2^31 would overflow JavaScript's 32-bit operators: use arithmetic.
const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

function isSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function isHashList(proof: unknown): proof is Uint8Array[] {
  return (
    Array.isArray(proof) && proof.every((hash) => hash instanceof Uint8Array && hash.length === HASH_BYTES)
  );
}

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2, steps 1–4), or null when the proof
 * cannot belong to a tree of that size (wrong length, index out of range).
 */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array | null {
  if (!isSize(leafIndex) || !isSize(treeSize) || leafIndex >= treeSize) return null;
  if (!(leaf instanceof Uint8Array) || leaf.length !== HASH_BYTES || !isHashList(proof)) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

/** RFC 9162 §2.1.3.2: does `proof` show leaf `leafIndex` with hash `leaf` in the tree of `treeSize` with `root`? */
export function verifyInclusionProof(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leaf, proof);
  return computed !== null && root instanceof Uint8Array && equalBytes(computed, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of size `first` with `firstRoot` is a prefix
 * of the tree of size `second` with `secondRoot`? The cases the RFC leaves out follow the common
 * practice of CT clients: equal sizes need an empty proof and equal roots; the empty tree is a
 * prefix of every tree (empty proof); a shrinking tree is never consistent.
 */
export function verifyConsistencyProof(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isSize(first) || !isSize(second) || first > second || !isHashList(proof)) return false;
  if (!(firstRoot instanceof Uint8Array) || !(secondRoot instanceof Uint8Array)) return false;
  if (first === second) return proof.length === 0 && equalBytes(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0 && equalBytes(firstRoot, emptyRoot());
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, firstRoot) && equalBytes(sr, secondRoot);
}
