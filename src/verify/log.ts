/**
 * Checks of the receiver's transparency log (RFC 9162 hashing, see src/receipt/merkle.ts): signed
 * tree heads, inclusion of a receipt in a head, and consistency of two heads (the later tree keeps
 * every leaf of the earlier one, unchanged and in order). Isomorphic: WebCrypto for the signature,
 * synchronous hashing for the proofs. Every check answers `{ ok, reason, message }`, never throws.
 */
import { isHighS } from '../receipt/ecdsa.js';
import { canonicalize } from '../receipt/jcs.js';
import { base64urlEncode, utf8 } from '../receipt/base64url.js';
import {
  parseReceipt,
  thumbprintInput,
  type ReceiptHeader,
  type VerifyFailureReason,
} from '../receipt/jws.js';
import type { VerifyCrypto } from './check.js';
import {
  emptyRoot,
  hashFromHex,
  leafHash,
  rootFromInclusionProof,
  toHex,
  verifyConsistencyProof,
} from '../receipt/merkle.js';

export const TREE_HEAD_TYP = 'assent-tree-head+jws';
/** A proof longer than this cannot belong to a tree of fewer than 2^64 leaves: refused unread. */
export const MAX_PROOF_LENGTH = 64;

/** What a tree head states (RFC 8785 JSON under the receiver's signature). */
export interface TreeHead {
  /** The receiver key's RFC 7638 thumbprint: names the log. */
  log: string;
  treeSize: number;
  /** Lowercase hex MTH of the first `treeSize` leaves. */
  rootHash: string;
  /** ISO-8601, the receiver's clock when it signed. */
  timestamp: string;
}

/**
 * A receipt's reasons where they apply to any signed statement (`high-s`: receivers sign low-S only,
 * so one head has one JWS), and the head's own.
 */
export type TreeHeadFailureReason =
  | Exclude<VerifyFailureReason, 'schema' | 'unknown-document'>
  | 'bad-payload'
  /** Signed by another key than the one pinned for this receiver. */
  | 'unexpected-key';

export interface TreeHeadFailure {
  ok: false;
  reason: TreeHeadFailureReason;
  message: string;
}

export interface TreeHeadSuccess {
  ok: true;
  head: TreeHead;
  header: ReceiptHeader;
  /** RFC 7638 thumbprint of the receiver's key (equals `head.log` and `header.kid`). */
  kid: string;
}

export type TreeHeadResult = TreeHeadSuccess | TreeHeadFailure;

export interface TreeHeadOptions {
  /** The receiver key's thumbprint, when it is known (pinned) already: a head signed by another key fails. */
  receiverKid?: string;
}

export type ProofFailureReason =
  /** The arguments are not sizes, hex hashes or a proof (a list of hex hashes). */
  | 'malformed'
  /** Well-formed, but the proof does not lead to the given root(s). */
  | 'mismatch';

export type ProofResult = { ok: true } | { ok: false; reason: ProofFailureReason; message: string };

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

function headFailure(reason: TreeHeadFailureReason, message: string): TreeHeadFailure {
  return { ok: false, reason, message };
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The payload's own rules: types, and a root that a tree of that size can have. */
function checkHeadPayload(payload: Record<string, unknown>, kid: string): TreeHeadFailure | TreeHead {
  const { log, treeSize, rootHash, timestamp } = payload;
  if (typeof log !== 'string' || !isSize(treeSize) || typeof rootHash !== 'string') {
    return headFailure('bad-payload', 'A tree head states log, treeSize and rootHash.');
  }
  if (typeof timestamp !== 'string' || !TIMESTAMP.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    return headFailure('bad-payload', 'The tree head timestamp is not an ISO-8601 date and time.');
  }
  const root = hashFromHex(rootHash);
  if (!root) return headFailure('bad-payload', 'The tree head rootHash is not 64 lowercase hex digits.');
  if (treeSize === 0 && rootHash !== toHex(emptyRoot())) {
    return headFailure('bad-payload', 'An empty tree has the root sha256("").');
  }
  if (log !== kid) return headFailure('bad-payload', "The tree head's log is not its signing key's kid.");
  return { log, treeSize, rootHash, timestamp };
}

/** The full check of one tree head with the given crypto (WebCrypto in `verifyTreeHead`). */
export async function verifyTreeHeadWith(
  crypto: VerifyCrypto,
  jws: unknown,
  options: TreeHeadOptions = {},
): Promise<TreeHeadResult> {
  try {
    const parsed = parseReceipt(jws, TREE_HEAD_TYP);
    if ('ok' in parsed) return headFailure(parsed.reason as TreeHeadFailureReason, parsed.message);
    const { header, payload, payloadText, signingInput, signature } = parsed;
    // A receipt (or any other statement) signed by the same key must never pass for a tree head.
    if (header.typ !== TREE_HEAD_TYP) {
      return headFailure('bad-header', `The header typ must be "${TREE_HEAD_TYP}".`);
    }
    const kid = base64urlEncode(await crypto.sha256(thumbprintInput(header.jwk)));
    if (header.kid !== kid) {
      return headFailure('kid-mismatch', 'The kid is not the RFC 7638 thumbprint of the header JWK.');
    }
    if (options.receiverKid !== undefined && options.receiverKid !== kid) {
      return headFailure(
        'unexpected-key',
        'The tree head is signed by another key than the receiver pinned.',
      );
    }
    if (isHighS(signature)) {
      return headFailure('high-s', 'The signature is not in its low-S form (s > n/2), which receivers emit.');
    }
    let valid = false;
    try {
      valid = await crypto.verifyEs256(header.jwk, utf8(signingInput), signature);
    } catch {
      return headFailure('bad-key', 'The header JWK could not be imported as a P-256 public key.');
    }
    if (!valid) return headFailure('bad-signature', 'The signature does not match the header and payload.');
    if (canonicalize(payload) !== payloadText) {
      return headFailure('not-canonical', 'The payload is not RFC 8785 canonical JSON.');
    }
    const head = checkHeadPayload(payload, kid);
    if ('ok' in head) return head;
    return { ok: true, head, header, kid };
  } catch (error) {
    return headFailure('malformed', `The tree head could not be checked: ${String(error)}`);
  }
}

function proofFailure(reason: ProofFailureReason, message: string): ProofResult {
  return { ok: false, reason, message };
}

/** Hex proof hashes as bytes; null for anything but a bounded list of 64-digit lowercase hex strings. */
function decodeProof(proof: unknown): Uint8Array[] | null {
  if (!Array.isArray(proof) || proof.length > MAX_PROOF_LENGTH) return null;
  const hashes: Uint8Array[] = [];
  for (const item of proof) {
    const hash = typeof item === 'string' ? hashFromHex(item) : null;
    if (!hash) return null;
    hashes.push(hash);
  }
  return hashes;
}

export interface InclusionInput {
  /** The receipt's compact JWS, exactly as the receiver stored it (the leaf's bytes). */
  jws: string;
  leafIndex: number;
  treeSize: number;
  /** The root of a verified tree head of `treeSize`. */
  rootHash: string;
  /** Sibling hashes from the leaf up (hex), RFC 9162 §2.1.3. */
  proof: readonly string[];
}

/** RFC 9162 §2.1.3.2: is this receipt leaf `leafIndex` of the tree with `rootHash`? */
export function verifyInclusion(input: InclusionInput): ProofResult {
  try {
    const { jws, leafIndex, treeSize, rootHash, proof } = input ?? ({} as InclusionInput);
    if (typeof jws !== 'string') return proofFailure('malformed', 'The receipt is not a compact JWS string.');
    if (!isSize(leafIndex) || !isSize(treeSize) || leafIndex >= treeSize) {
      return proofFailure('malformed', 'The leaf index is not within the tree size.');
    }
    const root = hashFromHex(rootHash);
    if (!root) return proofFailure('malformed', 'The root hash is not 64 lowercase hex digits.');
    const path = decodeProof(proof);
    if (!path) return proofFailure('malformed', 'The inclusion proof is not a list of hex hashes.');
    const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash(utf8(jws)), path);
    if (!computed || toHex(computed) !== rootHash) {
      return proofFailure('mismatch', 'The inclusion proof does not lead to the tree head root.');
    }
    return { ok: true };
  } catch (error) {
    return proofFailure('malformed', `The inclusion proof could not be checked: ${String(error)}`);
  }
}

export interface ConsistencyInput {
  first: number;
  second: number;
  firstRoot: string;
  secondRoot: string;
  /** RFC 9162 §2.1.4 proof (hex); empty when first is 0 or equals second. */
  proof: readonly string[];
}

/** RFC 9162 §2.1.4.2: is the tree of size `first` a prefix of the tree of size `second`? */
export function verifyConsistency(input: ConsistencyInput): ProofResult {
  try {
    const { first, second, firstRoot, secondRoot, proof } = input ?? ({} as ConsistencyInput);
    if (!isSize(first) || !isSize(second)) return proofFailure('malformed', 'The tree sizes are not sizes.');
    if (first > second) return proofFailure('mismatch', 'The tree shrank: a log only grows.');
    const root1 = hashFromHex(firstRoot);
    const root2 = hashFromHex(secondRoot);
    if (!root1 || !root2) return proofFailure('malformed', 'A root hash is not 64 lowercase hex digits.');
    const path = decodeProof(proof);
    if (!path) return proofFailure('malformed', 'The consistency proof is not a list of hex hashes.');
    if (!verifyConsistencyProof(first, second, root1, root2, path)) {
      return proofFailure('mismatch', 'The later tree does not extend the earlier one.');
    }
    return { ok: true };
  } catch (error) {
    return proofFailure('malformed', `The consistency proof could not be checked: ${String(error)}`);
  }
}
