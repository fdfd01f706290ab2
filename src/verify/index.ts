/**
 * `assent/verify`: checks Assent receipts in Node (≥ 20) and browsers with WebCrypto alone.
 *
 * ```ts
 * import { verifyReceipt } from 'assent/verify';
 * const result = await verifyReceipt(jws, { documents: [termsSha256, privacySha256] });
 * if (!result.ok) throw new Error(`${result.reason}: ${result.message}`);
 * ```
 */
import { base64urlEncode, toHex, utf8 } from '../receipt/base64url.js';
import { thumbprintInput, type PublicJwk, type VerifyFailureReason } from '../receipt/jws.js';
import { verifyWith, type VerifyCrypto, type VerifyOptions, type VerifyResult } from './check.js';
import { verifyTreeHeadWith, type TreeHeadOptions, type TreeHeadResult } from './log.js';

export { base64urlDecode, base64urlEncode } from '../receipt/base64url.js';
export { validateReceiptPayload } from './schema.js';
export type { SchemaIssue } from './schema.js';
export {
  parseReceipt,
  thumbprintInput,
  RECEIPT_TYP,
  MAX_RECEIPT_BYTES,
  STRUCTURAL_REASONS,
} from '../receipt/jws.js';
export { verifyWith } from './check.js';
export type { PublicJwk, ReceiptHeader, VerifyFailure, VerifyFailureReason } from '../receipt/jws.js';
export type {
  RegisteredDocument,
  VerifyCrypto,
  VerifyOptions,
  VerifyResult,
  VerifySuccess,
} from './check.js';
export type { ReceiptPayload } from '../receipt/types.js';
export {
  verifyInclusion,
  verifyConsistency,
  verifyTreeHeadWith,
  TREE_HEAD_TYP,
  MAX_PROOF_LENGTH,
} from './log.js';
export type {
  TreeHead,
  TreeHeadFailure,
  TreeHeadFailureReason,
  TreeHeadOptions,
  TreeHeadResult,
  TreeHeadSuccess,
  InclusionInput,
  ConsistencyInput,
  ProofFailureReason,
  ProofResult,
} from './log.js';

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle;
  if (!api) throw new Error('WebCrypto (crypto.subtle) is not available here.');
  return api;
}

/** Imported public keys by JWK, so a batch from one browser imports its key once. */
const importedKeys = new Map<string, Promise<CryptoKey>>();
const IMPORTED_KEYS_LIMIT = 256;

function importPublicKey(jwk: PublicJwk): Promise<CryptoKey> {
  const cacheKey = `${jwk.x}.${jwk.y}`;
  let key = importedKeys.get(cacheKey);
  if (!key) {
    key = subtle().importKey(
      'jwk',
      { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    if (importedKeys.size >= IMPORTED_KEYS_LIMIT) importedKeys.delete(importedKeys.keys().next().value!);
    importedKeys.set(cacheKey, key);
    key.catch(() => importedKeys.delete(cacheKey));
  }
  return key;
}

/** WebCrypto implementation of the verifier's crypto. */
export const webCrypto: VerifyCrypto = {
  async sha256(data) {
    return new Uint8Array(await subtle().digest('SHA-256', data as BufferSource));
  },
  async verifyEs256(jwk: PublicJwk, data, signature) {
    const key = await importPublicKey(jwk);
    return subtle().verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      signature as BufferSource,
      data as BufferSource,
    );
  },
};

/**
 * Verifies one receipt: compact JWS structure, strict base64url, ES256 signature by the header's JWK,
 * `kid` = RFC 7638 thumbprint of that JWK, RFC 8785 canonical payload, schema v1 and, when
 * `documents` is given, that every document hash is one the backend registered.
 */
export function verifyReceipt(jws: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  return verifyWith(webCrypto, jws, options);
}

/**
 * Verifies a receiver's signed tree head: compact JWS, ES256 by the header's JWK, `typ`
 * `assent-tree-head+jws`, `kid` = RFC 7638 thumbprint = the payload's `log`, RFC 8785 payload
 * `{ log, treeSize, rootHash, timestamp }`; with `receiverKid`, only that key's heads pass.
 */
export function verifyTreeHead(jws: string, options: TreeHeadOptions = {}): Promise<TreeHeadResult> {
  return verifyTreeHeadWith(webCrypto, jws, options);
}

/** The sha-256 (lowercase hex) of a compact JWS: what the next receipt's `prev` holds. */
export async function receiptHash(jws: string): Promise<string> {
  return toHex(await webCrypto.sha256(utf8(jws)));
}

/** The RFC 7638 thumbprint of a P-256 public JWK (base64url of its sha-256). */
export async function jwkThumbprint(jwk: PublicJwk): Promise<string> {
  return base64urlEncode(await webCrypto.sha256(thumbprintInput(jwk)));
}

export type ChainIssue =
  /** The receipt at `index` in the list did not verify. */
  | { kind: 'invalid'; index: number; reason: VerifyFailureReason; message: string }
  /** Positions `from`..`to` (inclusive) of this key's chain are missing. */
  | { kind: 'gap'; kid: string; from: number; to: number }
  /** Two different receipts claim the same position. */
  | { kind: 'fork'; kid: string; seq: number; ids: string[] }
  /** `prev` does not hash the receipt before it (or is not null at position 0). */
  | { kind: 'broken-link'; kid: string; seq: number; id: string }
  /** The receipt came after one with a higher position (the list is not in signing order). */
  | { kind: 'reordered'; kid: string; seq: number; id: string; after: number }
  /** Different receipts (at `indexes` in the list) carry the same `id`: only one of them can be the receipt. */
  | { kind: 'duplicate-id'; id: string; indexes: number[] };

export interface ChainSummary {
  kid: string;
  /** Distinct receipts signed by this key. */
  count: number;
  firstSeq: number;
  lastSeq: number;
  ephemeralKey: boolean;
}

export interface ChainReport {
  /** No invalid receipt, gap, fork or broken link (reordering alone keeps `ok`). */
  ok: boolean;
  /** The list is in signing order within each key. */
  inOrder: boolean;
  chains: ChainSummary[];
  issues: ChainIssue[];
}

interface ChainEntry {
  id: string;
  seq: number;
  prev: string | null;
  hash: string;
}

/**
 * Checks a list of receipts (compact JWS, in the order they were received) as hash chains, one per
 * signing key: every receipt verifies, positions run 0, 1, 2... without gaps, each `prev` is the
 * sha-256 of the receipt before it, no position is taken twice (a fork: the same key signed two
 * different receipts there, e.g. a copied browser profile) and no two different receipts share an
 * id. Identical duplicates are ignored. Never throws: a list that cannot be read is an `invalid` issue.
 */
export async function verifyChain(list: Iterable<string>, options: VerifyOptions = {}): Promise<ChainReport> {
  try {
    return await checkChain(list, options);
  } catch (error) {
    const message = `The list of receipts could not be read: ${String(error)}`;
    return {
      ok: false,
      inOrder: false,
      chains: [],
      issues: [{ kind: 'invalid', index: -1, reason: 'malformed', message }],
    };
  }
}

async function checkChain(list: Iterable<string>, options: VerifyOptions): Promise<ChainReport> {
  const issues: ChainIssue[] = [];
  const byId = new Map<string, number[]>();
  const byKid = new Map<string, { entries: ChainEntry[]; ephemeral: boolean }>();
  const seen = new Set<string>();
  let index = 0;
  for (const jws of list) {
    const at = index++;
    if (seen.has(jws)) continue;
    seen.add(jws);
    const result = await verifyReceipt(jws, options);
    if (!result.ok) {
      issues.push({ kind: 'invalid', index: at, reason: result.reason, message: result.message });
      continue;
    }
    byId.set(result.payload.id, [...(byId.get(result.payload.id) ?? []), at]);
    const chain = byKid.get(result.kid) ?? { entries: [], ephemeral: false };
    chain.entries.push({
      id: result.payload.id,
      seq: result.payload.seq,
      prev: result.payload.prev,
      hash: result.jwsSha256,
    });
    chain.ephemeral ||= result.payload.ephemeralKey === true;
    byKid.set(result.kid, chain);
  }

  for (const [id, indexes] of byId)
    if (indexes.length > 1) issues.push({ kind: 'duplicate-id', id, indexes });

  let inOrder = true;
  const chains: ChainSummary[] = [];
  for (const [kid, { entries, ephemeral }] of byKid) {
    let highest = -1;
    for (const entry of entries) {
      if (entry.seq < highest) {
        inOrder = false;
        issues.push({ kind: 'reordered', kid, seq: entry.seq, id: entry.id, after: highest });
      }
      highest = Math.max(highest, entry.seq);
    }
    const atSeq = new Map<number, ChainEntry[]>();
    for (const entry of entries) atSeq.set(entry.seq, [...(atSeq.get(entry.seq) ?? []), entry]);
    const positions = [...atSeq.keys()].sort((a, b) => a - b);
    let expected = 0;
    for (const seq of positions) {
      if (seq > expected) issues.push({ kind: 'gap', kid, from: expected, to: seq - 1 });
      expected = seq + 1;
      const here = atSeq.get(seq)!;
      if (here.length > 1) issues.push({ kind: 'fork', kid, seq, ids: here.map((entry) => entry.id) });
      const before = atSeq.get(seq - 1);
      for (const entry of here) {
        const linked =
          seq === 0
            ? entry.prev === null
            : !before || before.some((previous) => previous.hash === entry.prev);
        if (!linked) issues.push({ kind: 'broken-link', kid, seq, id: entry.id });
      }
    }
    chains.push({
      kid,
      count: entries.length,
      firstSeq: positions[0]!,
      lastSeq: positions[positions.length - 1]!,
      ephemeralKey: ephemeral,
    });
  }
  return { ok: issues.every((issue) => issue.kind === 'reordered'), inOrder, chains, issues };
}
