/**
 * The full check of a receipt's compact JWS, independent of where the crypto comes from:
 * `verifyReceipt` uses WebCrypto (browsers and Node), the reference receiver plugs in Node's
 * synchronous crypto for throughput. Every step fails with a typed reason, never an exception.
 */
import { base64urlEncode, toHex, utf8 } from '../receipt/base64url.js';
import { isHighS } from '../receipt/ecdsa.js';
import { isCanonicalText } from '../receipt/jcs.js';
import {
  failure,
  parseReceipt,
  thumbprintInput,
  type PublicJwk,
  type ReceiptHeader,
  type VerifyFailure,
} from '../receipt/jws.js';
import type { ReceiptPayload } from '../receipt/types.js';
import { validateReceiptPayload } from './schema.js';

export interface VerifySuccess {
  ok: true;
  payload: ReceiptPayload;
  header: ReceiptHeader;
  /** RFC 7638 thumbprint of the signing key (equals `header.kid`). */
  kid: string;
  /** Lowercase hex sha-256 of the ASCII JWS: what the next receipt's `prev` holds. */
  jwsSha256: string;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

/** A document the backend registered: a hash, optionally tied to a document id and version. */
export interface RegisteredDocument {
  sha256: string;
  id?: string;
  version?: string;
}

export interface VerifyOptions {
  /**
   * When given, every `documents[].sha256` in the receipt must be one of these (hashes as printed by
   * `assent hash FILE`); an object entry also pins the document id and, if set, the version.
   */
  documents?: Iterable<string | RegisteredDocument>;
}

/** The crypto a verifier needs; sync or async. */
export interface VerifyCrypto {
  sha256(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  verifyEs256(jwk: PublicJwk, data: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>;
}

/** Thumbprints by key: a backend sees the same few browser keys again and again. */
const thumbprints = new Map<string, string>();
const THUMBPRINTS_LIMIT = 4096;

async function thumbprintOf(crypto: VerifyCrypto, jwk: PublicJwk): Promise<string> {
  const cacheKey = `${jwk.x}.${jwk.y}`;
  let kid = thumbprints.get(cacheKey);
  if (kid === undefined) {
    kid = base64urlEncode(await crypto.sha256(thumbprintInput(jwk)));
    if (thumbprints.size >= THUMBPRINTS_LIMIT) thumbprints.clear();
    thumbprints.set(cacheKey, kid);
  }
  return kid;
}

function registeredMatcher(documents: Iterable<string | RegisteredDocument>) {
  const anyId = new Set<string>();
  const pinned: RegisteredDocument[] = [];
  for (const entry of documents) {
    if (typeof entry === 'string') anyId.add(entry.toLowerCase());
    else if (entry.id === undefined && entry.version === undefined) anyId.add(entry.sha256.toLowerCase());
    else pinned.push({ ...entry, sha256: entry.sha256.toLowerCase() });
  }
  return (document: { id: string; version: string; sha256: string }) =>
    anyId.has(document.sha256) ||
    pinned.some(
      (entry) =>
        entry.sha256 === document.sha256 &&
        (entry.id === undefined || entry.id === document.id) &&
        (entry.version === undefined || entry.version === document.version),
    );
}

/**
 * The full check of one receipt with the given crypto. Never throws: whatever the input (and whatever
 * the crypto or `options` throw), the answer is a result.
 */
export async function verifyWith(
  crypto: VerifyCrypto,
  jws: unknown,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  try {
    return await verifyUnguarded(crypto, jws, options);
  } catch (error) {
    return failure('malformed', `The receipt could not be checked: ${String(error)}`);
  }
}

async function verifyUnguarded(
  crypto: VerifyCrypto,
  jws: unknown,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const parsed = parseReceipt(jws);
  if ('ok' in parsed) return parsed;
  const { header, payload, payloadText, signingInput, signature } = parsed;
  const kid = await thumbprintOf(crypto, header.jwk);
  if (header.kid !== kid)
    return failure('kid-mismatch', 'The kid is not the RFC 7638 thumbprint of the header JWK.');
  if (isHighS(signature))
    return failure('high-s', 'The signature is not in its low-S form (s > n/2), which signers emit.');
  let valid = false;
  try {
    valid = await crypto.verifyEs256(header.jwk, utf8(signingInput), signature);
  } catch {
    return failure('bad-key', 'The header JWK could not be imported as a P-256 public key.');
  }
  if (!valid) return failure('bad-signature', 'The signature does not match the header and payload.');
  // The payload was signed as RFC 8785 canonical JSON; any other serialisation was not made by Assent.
  if (!isCanonicalText(payload, payloadText)) {
    return failure('not-canonical', 'The payload is not RFC 8785 canonical JSON.', { payload });
  }
  const issues = validateReceiptPayload(payload);
  if (issues.length > 0) {
    const first = issues[0]!;
    return failure(
      'schema',
      `The payload does not match receipt schema v1: ${first.path || '/'} ${first.message}.`,
      {
        issues,
        payload,
      },
    );
  }
  const receipt = payload as unknown as ReceiptPayload;
  if (options.documents) {
    const isRegistered = registeredMatcher(options.documents);
    const unknown = receipt.documents.find((document) => !isRegistered(document));
    if (unknown) {
      return failure(
        'unknown-document',
        `Document "${unknown.id}" has a hash the backend did not register.`,
        {
          payload,
        },
      );
    }
  }
  const jwsSha256 = toHex(await crypto.sha256(utf8(jws as string)));
  return { ok: true, payload: receipt, header, kid, jwsSha256 };
}
