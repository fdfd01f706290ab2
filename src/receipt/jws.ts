/**
 * A receipt's compact JWS, both ways: how the signer, the receiver and test minting serialise one
 * (RFC 8785 header and payload, base64url, raw r‖s signature), and how a verifier splits and decodes
 * one before any crypto. Every parse step fails with a typed reason, never an exception.
 */
import { canonicalize } from './jcs.js';
import { toLowS } from './ecdsa.js';
import { base64urlDecode, base64urlEncode, fromUtf8, utf8 } from './base64url.js';

/** A schema violation: where (JSON Pointer) and what. */
export interface SchemaIssue {
  /** JSON Pointer of the offending value. */
  path: string;
  message: string;
}

export const RECEIPT_TYP = 'assent-receipt+jws';
/** Receipts are small; anything larger is refused before parsing. */
export const MAX_RECEIPT_BYTES = 64 * 1024;
/** Deepest nesting of arrays and objects a receipt may have (receipts need 5; extensions a few more). */
export const MAX_JSON_DEPTH = 100;

export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface ReceiptHeader {
  alg: 'ES256';
  typ?: string;
  jwk: PublicJwk;
  kid: string;
  [name: string]: unknown;
}

/**
 * Why a receipt was refused. Structural problems (the first five) mean the input is not a receipt
 * JWS at all; the others mean it is one that does not hold up.
 */
export type VerifyFailureReason =
  | 'malformed'
  | 'too-large'
  | 'bad-encoding'
  | 'bad-json'
  | 'bad-header'
  | 'unsigned'
  | 'unsupported-alg'
  | 'bad-key'
  | 'kid-mismatch'
  | 'bad-signature'
  /** The signature's s is above n/2: the malleable twin of a valid signature, never what a signer emits. */
  | 'high-s'
  | 'not-canonical'
  | 'schema'
  | 'unknown-document';

/** Reasons that say "this is not a compact JWS receipt" rather than "this receipt is not valid". */
export const STRUCTURAL_REASONS: ReadonlySet<VerifyFailureReason> = new Set([
  'malformed',
  'too-large',
  'bad-encoding',
  'bad-json',
  'bad-header',
]);

export interface VerifyFailure {
  ok: false;
  reason: VerifyFailureReason;
  message: string;
  /** Schema violations, when `reason` is `schema`. */
  issues?: SchemaIssue[];
  /** The decoded payload when it could be read (useful in logs; not trustworthy). */
  payload?: unknown;
}

export interface ParsedReceipt {
  header: ReceiptHeader;
  payload: Record<string, unknown>;
  /** The payload's JSON text as signed. */
  payloadText: string;
  signingInput: string;
  signature: Uint8Array;
}

export function failure(
  reason: VerifyFailureReason,
  message: string,
  extra: Partial<VerifyFailure> = {},
): VerifyFailure {
  return { ok: false, reason, message, ...extra };
}

/** Whether arrays and objects in `value` nest deeper than `limit` (iterative: no stack to overflow). */
function nestsDeeper(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

function decodeJsonObject(
  part: string,
): { value: Record<string, unknown>; text: string } | 'bad-encoding' | 'bad-json' {
  const bytes = base64urlDecode(part);
  if (!bytes) return 'bad-encoding';
  const text = fromUtf8(bytes);
  if (text === null) return 'bad-encoding';
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'bad-json';
    if (nestsDeeper(value, MAX_JSON_DEPTH)) return 'bad-json';
    return { value: value as Record<string, unknown>, text };
  } catch {
    return 'bad-json';
  }
}

/** The RFC 8785 form of parsed JSON, or null when it has none (non-finite numbers, lone surrogates). */
export function canonicalOrNull(value: unknown): string | null {
  try {
    return canonicalize(value);
  } catch {
    return null;
  }
}

function isCoordinate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const bytes = base64urlDecode(value);
  return bytes !== null && bytes.length === 32;
}

/** A compact JWS split and decoded: JSON objects for header and payload, raw signature bytes. */
export interface DecodedJws {
  header: Record<string, unknown>;
  /** The protected header's JSON text as sent. */
  headerText: string;
  payload: Record<string, unknown>;
  /** The payload's JSON text as signed. */
  payloadText: string;
  signingInput: string;
  signature: Uint8Array;
}

/**
 * Splits a compact JWS into its three parts and decodes them (strict base64url, UTF-8, JSON objects);
 * what the header says is the caller's to check. `knownHeaders` (base64url text → its JSON text) holds
 * header parts that decoded before: those are only parsed again.
 */
export function decodeCompactJws(
  jws: string,
  knownHeaders?: Map<string, string>,
): DecodedJws | VerifyFailure {
  const parts = jws.split('.');
  if (parts.length !== 3) return failure('malformed', 'A compact JWS has exactly three dot-separated parts.');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  // A header text decoded before decodes the same again: parse it, skip the strict decoding.
  const knownText = knownHeaders?.get(headerPart);
  const decodedHeader =
    knownText === undefined
      ? decodeJsonObject(headerPart)
      : { value: JSON.parse(knownText) as Record<string, unknown>, text: knownText };
  if (decodedHeader === 'bad-encoding') {
    return failure('bad-encoding', 'The protected header is not canonical base64url UTF-8.');
  }
  if (decodedHeader === 'bad-json') return failure('bad-json', 'The protected header is not a JSON object.');
  const decodedPayload = decodeJsonObject(payloadPart);
  if (decodedPayload === 'bad-encoding') {
    return failure('bad-encoding', 'The payload is not canonical base64url UTF-8.');
  }
  if (decodedPayload === 'bad-json') return failure('bad-json', 'The payload is not a JSON object.');
  const signature = base64urlDecode(signaturePart);
  if (!signature) return failure('bad-encoding', 'The signature is not canonical base64url.');
  return {
    header: decodedHeader.value,
    headerText: decodedHeader.text,
    payload: decodedPayload.value,
    payloadText: decodedPayload.text,
    signingInput: `${headerPart}.${payloadPart}`,
    signature,
  };
}

/**
 * Splits and decodes a compact JWS and checks the protected header's shape; no crypto yet. `typ`
 * names the kind of statement (a receipt by default; the receiver's tree heads use their own).
 */
export function parseReceipt(jws: unknown, typ: string = RECEIPT_TYP): ParsedReceipt | VerifyFailure {
  if (typeof jws !== 'string') return failure('malformed', 'A receipt is a compact JWS string.');
  if (jws.length > MAX_RECEIPT_BYTES) {
    return failure('too-large', `A receipt is at most ${MAX_RECEIPT_BYTES} bytes.`);
  }
  let checked = checkedHeaders.get(typ);
  if (!checked) checkedHeaders.set(typ, (checked = new Map()));
  const decoded = decodeCompactJws(jws, checked);
  if ('ok' in decoded) return decoded;
  const { header, headerText, payload, signature } = decoded;
  const headerPart = decoded.signingInput.slice(0, decoded.signingInput.indexOf('.'));
  if (checked.get(headerPart) !== headerText) {
    const problem = checkHeader(header, headerText, payload, typ);
    if (problem) return problem;
    if (checked.size >= CHECKED_HEADERS_LIMIT) checked.clear();
    checked.set(headerPart, headerText);
  }
  if (signature.length !== 64) return failure('bad-signature', 'An ES256 signature is 64 bytes.');
  return {
    header: header as unknown as ReceiptHeader,
    payload,
    payloadText: decoded.payloadText,
    signingInput: decoded.signingInput,
    signature,
  };
}

/**
 * Protected headers (base64url text → JSON text) that passed `checkHeader`, per `typ`: a browser key
 * sends the same header with every receipt, so a receiver checks each one once, not per receipt.
 */
const checkedHeaders = new Map<string, Map<string, string>>();
const CHECKED_HEADERS_LIMIT = 4096;

/** What a receipt's protected header must be (RFC 8785 form, ES256, a P-256 public JWK, a kid); undefined when it is. */
function checkHeader(
  header: Record<string, unknown>,
  headerText: string,
  payload: Record<string, unknown>,
  typ: string,
): VerifyFailure | undefined {
  // One reading only: duplicate members (`{"alg":"none","alg":"ES256"}`) or any other serialisation
  // could be read differently by another verifier.
  if (canonicalOrNull(header) !== headerText) {
    return failure('bad-header', 'The protected header is not RFC 8785 canonical JSON with unique members.');
  }

  if (header.alg === 'none') return failure('unsigned', 'The receipt is unsigned (alg "none").', { payload });
  if (header.alg !== 'ES256')
    return failure('unsupported-alg', `Receipts are signed with ES256, not ${String(header.alg)}.`);
  if ('crit' in header) return failure('bad-header', 'Critical header extensions are not understood.');
  if (header.typ !== undefined && header.typ !== typ) {
    return failure('bad-header', `The header typ must be "${typ}".`);
  }
  if (typeof header.kid !== 'string') return failure('bad-header', 'The header has no kid.');
  const jwk = header.jwk as Record<string, unknown> | undefined;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    return failure('bad-header', 'The header carries no public JWK.');
  }
  if ('d' in jwk) return failure('bad-key', 'The header JWK contains a private key.');
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !isCoordinate(jwk.x) || !isCoordinate(jwk.y)) {
    return failure('bad-key', 'The header JWK is not a P-256 public key.');
  }
  return undefined;
}

/** The JWS signing input: base64url of the RFC 8785 form of header and payload, joined by a dot. */
export function jwsSigningInput(header: object, payload: unknown): string {
  return `${base64urlEncode(utf8(canonicalize(header)))}.${base64urlEncode(utf8(canonicalize(payload)))}`;
}

/**
 * The compact JWS from its signing input and raw (r‖s) ES256 signature, in its low-S form: WebCrypto
 * and OpenSSL return either of the two valid forms; verifiers accept only the low one.
 */
export function compactJws(signingInput: string, signature: Uint8Array): string {
  return `${signingInput}.${base64urlEncode(toLowS(signature))}`;
}

/** RFC 7638 thumbprint input of a P-256 JWK: required members only, lexicographic order. */
export function thumbprintInput(jwk: PublicJwk): Uint8Array<ArrayBuffer> {
  return utf8(`{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`);
}
