/**
 * A receiver-side transparency log for tests, built on src/receipt/merkle.ts: Node signs tree
 * heads exactly as the receiver does (ES256 over RFC 8785 JSON, JWK + RFC 7638 kid in the header),
 * and the log can be made to lie (drop a leaf, fork) for the tests that must catch it.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { MerkleTree, leafHash, toHex } from '../../src/receipt/merkle.js';
import { base64urlEncode, utf8 } from '../../src/receipt/base64url.js';
import { toLowS } from '../../src/receipt/ecdsa.js';
import { canonicalize } from '../../src/receipt/jcs.js';
import { thumbprintInput, type PublicJwk } from '../../src/receipt/jws.js';
import { TREE_HEAD_TYP, type TreeHead } from '../../src/verify/log.js';

export class TreeHeadSigner {
  readonly jwk: PublicJwk;
  readonly kid: string;
  private readonly privateKey: KeyObject;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const exported = publicKey.export({ format: 'jwk' });
    this.jwk = { kty: 'EC', crv: 'P-256', x: exported.x!, y: exported.y! };
    this.kid = base64urlEncode(createHash('sha256').update(thumbprintInput(this.jwk)).digest());
    this.privateKey = privateKey;
  }

  /** Signs `payload` as given, for crafting odd heads; `payloadText` replaces its canonical form. */
  signRaw(payload: unknown, header: Record<string, unknown> = {}, payloadText?: string): string {
    const protectedHeader = { alg: 'ES256', typ: TREE_HEAD_TYP, jwk: this.jwk, kid: this.kid, ...header };
    const text = payloadText ?? canonicalize(payload);
    const input = `${base64urlEncode(utf8(canonicalize(protectedHeader)))}.${base64urlEncode(utf8(text))}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    // Verifiers refuse the high-S twin (one head, one JWS), as receivers sign.
    return `${input}.${base64urlEncode(toLowS(signature))}`;
  }

  /** A proper head of `tree` at `size`. */
  head(
    tree: MerkleTree,
    size = tree.size,
    timestamp = new Date().toISOString(),
  ): { jws: string; head: TreeHead } {
    const head: TreeHead = { log: this.kid, treeSize: size, rootHash: toHex(tree.root(size)), timestamp };
    return { jws: this.signRaw(head), head };
  }
}

/** An append-only log of compact JWS strings, with the means to rewrite its history on purpose. */
export class TestLog {
  readonly signer = new TreeHeadSigner();
  entries: string[] = [];
  tree = new MerkleTree();

  /** Appends (or finds) a receipt; returns its leaf index. */
  append(jws: string): number {
    const existing = this.entries.indexOf(jws);
    if (existing >= 0) return existing;
    this.entries.push(jws);
    return this.tree.append(leafHash(utf8(jws)));
  }

  head(size = this.tree.size) {
    return this.signer.head(this.tree, size);
  }

  inclusionProof(index: number, size = this.tree.size): string[] {
    return this.tree.inclusionProof(index, size).map(toHex);
  }

  consistencyProof(first: number, second = this.tree.size): string[] {
    return this.tree.consistencyProof(first, second).map(toHex);
  }

  /** Rewrites history: the log as if `index` had never been stored (later leaves move down). */
  dropLeaf(index: number): void {
    this.rebuild(this.entries.filter((_, i) => i !== index));
  }

  /** Rewrites history: leaf `index` replaced by other bytes (a fork at that point). */
  replaceLeaf(index: number, jws: string): void {
    this.rebuild(this.entries.map((entry, i) => (i === index ? jws : entry)));
  }

  private rebuild(entries: string[]): void {
    this.entries = entries;
    this.tree = new MerkleTree(entries.map((entry) => leafHash(utf8(entry))));
  }
}
