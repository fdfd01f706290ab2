/**
 * `recordDecision`: turns what an element saw into a signed receipt, stores it in the outbox before
 * anything is sent, announces it (`receipt-created`) and starts delivery. Problems never escape as
 * crashes: they reject with a `ReceiptError` and are reported as `assent-error`.
 */
import { CANON_VERSION } from '../document/model.js';
import { canonicalize } from '../receipt/jcs.js';
import { endpointAccess } from './endpoints.js';
import { receiptAdded, receiptUpdated, receiptsDropped } from '../internal/outbox-events.js';
import { ENTRY_VERSION, getStorage, type OutboxEntry } from '../internal/store.js';
import { emit, reportError } from '../events/events.js';
import { base64urlEncode, utf8 } from '../receipt/base64url.js';
import { RECEIPT_TYP } from '../receipt/jws.js';
import { ACTORS, DECISIONS, RECEIPT_ELEMENTS, RECEIPT_TYPES, isOneOf } from '../receipt/types.js';
import { getConfig, resolveProvider, type AssentConfig } from './config.js';
import { ReceiptError } from './errors.js';
import { rememberReceipt } from './history.js';
import { getSigner, type DraftPayload } from './signer.js';
import type { DecisionInput, ReceiptPayload, RecordedReceipt } from '../receipt/types.js';

/** The canonical-text version behind every document hash a receipt carries (what parsePolicy computes). */
const CANON = CANON_VERSION;

function defaultTarget(): EventTarget | undefined {
  return typeof document !== 'undefined' ? document : undefined;
}

/** A random (v4) UUID; `crypto.randomUUID` is missing outside secure contexts. */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Characters RFC 3986 allows in a URI; WHATWG URLs leave a few others (`|`, `^`...) unescaped. */
const NOT_RFC3986 = /[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu;

/** origin + pathname (+ query when the host opts in); never credentials or the fragment. */
export function pageAddress(includeQuery: boolean): string {
  if (typeof location === 'undefined') return 'about:blank';
  const url = new URL(location.href);
  url.username = '';
  url.password = '';
  url.hash = '';
  if (!includeQuery) url.search = '';
  // The schema's `uri` format is RFC 3986: escape what a WHATWG URL may still carry raw.
  return url.href.replace(NOT_RFC3986, (char) => encodeURIComponent(char));
}

/** True where WebCrypto signing is available (secure contexts). */
export function canSign(): boolean {
  return typeof crypto !== 'undefined' && typeof crypto.subtle?.sign === 'function';
}

async function provided(name: 'subject' | 'nonce', config: AssentConfig): Promise<string | undefined> {
  let value: unknown;
  try {
    value = await resolveProvider(config[name]);
  } catch (error) {
    throw new ReceiptError('provider-failed', `The ${name} provider failed: ${String(error)}`, {
      cause: error,
    });
  }
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new ReceiptError('provider-failed', `The ${name} provider must give a string.`);
  return value;
}

// What the host or an element supplies is checked here, cheaply; the rest of the payload is built by this
// module. The full schema validator stays off the signing path (and out of the banner bundle): tests
// check that whatever these checks let through is a valid receipt, against the schema file with Ajv.
const HEX64 = /^[0-9a-f]{64}$/;

const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;

/** An object holding every `required` key and nothing outside `required` and `optional` (as the schema says). */
function hasShape(
  value: unknown,
  required: string[],
  optional: string[] = [],
): value is Record<string, unknown> {
  return (
    isPlainObject(value) &&
    required.every((key) => key in value) &&
    Object.keys(value).every((key) => required.includes(key) || optional.includes(key))
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Data that JSON (and RFC 8785) carries unchanged: no functions, class instances, NaN, holes or cycles. */
function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || value === undefined || isString(value) || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (depth > 64) return false;
  if (Array.isArray(value))
    return [...value].every((item) => item !== undefined && isPlainJson(item, depth + 1));
  return isPlainObject(value) && Object.values(value).every((item) => isPlainJson(item, depth + 1));
}

function isDocument(value: unknown): boolean {
  if (!hasShape(value, ['id', 'version', 'title', 'sha256', 'read'])) return false;
  const read = value.read;
  return (
    isString(value.id) &&
    isString(value.version) &&
    isString(value.title) &&
    isString(value.sha256) &&
    HEX64.test(value.sha256) &&
    hasShape(read, ['reachedEnd', 'dwellMs', 'keyClausesSeen', 'keyClausesTotal'], ['keyClauseIds']) &&
    typeof read.reachedEnd === 'boolean' &&
    isCount(read.dwellMs) &&
    isCount(read.keyClausesSeen) &&
    isCount(read.keyClausesTotal) &&
    (!('keyClauseIds' in read) ||
      (Array.isArray(read.keyClauseIds) && [...read.keyClauseIds].every(isString)))
  );
}

/** Throws `invalid-decision` naming the first part of `input` that would not make a valid receipt. */
export function checkInput(input: DecisionInput): void {
  if (typeof input !== 'object' || input === null)
    throw new ReceiptError('invalid-decision', 'A decision must be an object.');
  if (typeof input.locale !== 'string' || input.locale === '') {
    throw new ReceiptError('invalid-decision', 'A decision needs the locale the person saw.');
  }
  if (input.endpoint !== undefined && typeof input.endpoint !== 'string') {
    throw new ReceiptError('invalid-decision', 'endpoint must be a URL string.');
  }
  const { method, purposes, documents, extensions } = input;
  const invalid = (part: string) =>
    new ReceiptError('invalid-decision', `The decision does not make a valid receipt: /${part}.`);
  if (!isOneOf(RECEIPT_TYPES, input.type)) throw invalid('type');
  if (!isOneOf(DECISIONS, input.decision)) throw invalid('decision');
  if (
    !hasShape(method, ['element', 'action', 'label']) ||
    !isOneOf(RECEIPT_ELEMENTS, method.element) ||
    !isString(method.action) ||
    !isString(method.label)
  )
    throw invalid('method');
  if (documents !== undefined && !(Array.isArray(documents) && [...documents].every(isDocument)))
    throw invalid('documents');
  if (
    purposes !== undefined &&
    !(isPlainObject(purposes) && Object.values(purposes).every((on) => typeof on === 'boolean'))
  )
    throw invalid('purposes');
  if (extensions !== undefined && !(isPlainObject(extensions) && isPlainJson(extensions)))
    throw invalid('extensions');
  if (input.actor !== undefined && !isOneOf(ACTORS, input.actor)) throw invalid('actor');
  if (input.validUntil !== undefined && validUntilOf(input.validUntil) === undefined)
    throw invalid('validUntil');
}

/** The ISO 8601 form of a validity end, or undefined when it is not a real time. */
function validUntilOf(value: string | Date): string | undefined {
  const time = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

/** @internal Exported for tests: the payload before the chain fields. */
export async function draftOf(input: DecisionInput, config: AssentConfig, id: string): Promise<DraftPayload> {
  const [subject, nonce] = await Promise.all([provided('subject', config), provided('nonce', config)]);
  return {
    v: 1,
    id,
    type: input.type,
    decision: input.decision,
    issuedAt: new Date().toISOString(),
    locale: input.locale,
    ...(subject !== undefined ? { subject } : {}),
    ...(input.actor !== undefined ? { actor: input.actor } : {}),
    ...(nonce !== undefined ? { nonce } : {}),
    page: pageAddress(config.includeQuery),
    canon: CANON,
    documents: input.documents ?? [],
    purposes: input.purposes ?? {},
    method: input.method,
    ...(input.validUntil !== undefined ? { validUntil: validUntilOf(input.validUntil) } : {}),
    ...(input.extensions !== undefined ? { extensions: input.extensions } : {}),
  };
}

/** The unsecured form (RFC 7515 `alg: none`, empty signature): marked as unsigned for every reader. */
function unsecured(payload: ReceiptPayload): string {
  const header = base64urlEncode(utf8(canonicalize({ alg: 'none', typ: RECEIPT_TYP })));
  return `${header}.${base64urlEncode(utf8(canonicalize(payload)))}.`;
}

/**
 * An element's endpoint when the host allows receipts to go there; otherwise reported
 * (`endpoint-not-allowed`) and left out, so the receipt goes to the configured endpoint.
 */
function permittedEndpoint(
  endpoint: string | undefined,
  config: AssentConfig,
  target: EventTarget | undefined,
): string | undefined {
  if (endpoint === undefined || endpoint === '') return undefined;
  const access = endpointAccess(endpoint, config);
  if (access.allowed) return endpoint;
  reportError(
    'endpoint-not-allowed',
    `The element's endpoint was not used (${access.reason}); the receipt goes to the configured endpoint.`,
    target,
  );
  return undefined;
}

async function recordUnsigned(draft: DraftPayload, endpoint: string | undefined, config: AssentConfig) {
  // No key, so no chain: every unsigned receipt stands alone at position 0.
  const payload: ReceiptPayload = { ...draft, seq: 0, prev: null, ephemeralKey: true };
  const now = Date.now();
  const entry: OutboxEntry = {
    v: ENTRY_VERSION,
    id: payload.id,
    jws: unsecured(payload),
    payload,
    signed: false,
    ...(endpoint ? { endpoint } : {}),
    createdAt: now,
    attempts: 0,
    nextAttemptAt: now,
    parked: false,
  };
  const storage = await getStorage(config.storageName);
  try {
    const dropped = await storage.add(entry, config.outbox.maxEntries);
    return { payload, entry, dropped, stored: true };
  } catch {
    return { payload, entry, dropped: [] as OutboxEntry[], stored: false };
  }
}

/**
 * Records one decision: builds the payload (receipt schema v1), signs it as a compact ES256 JWS with
 * this browser's key, stores it in the outbox, dispatches `receipt-created` on `input.target` (default
 * `document`) and starts delivery. Resolves once the receipt is stored.
 *
 * - No secure context: `assent-error` (`insecure-context`); with `configure({ allowUnsigned: true })`
 *   an unsigned receipt (`jws: null`, `unsecured` set) is recorded and sent, otherwise it rejects.
 * - `configure({ recordDeclines: false })`: a decline resolves with `recorded: false` and nothing is
 *   signed, stored or sent.
 */
export async function recordDecision(input: DecisionInput): Promise<RecordedReceipt> {
  const target = input?.target ?? defaultTarget();
  try {
    return await record(input, target);
  } catch (error) {
    const failure =
      error instanceof ReceiptError
        ? error
        : new ReceiptError('signing-failed', `The receipt could not be made: ${String(error)}`, {
            cause: error,
          });
    if (failure.code !== 'insecure-context')
      reportError(failure.code, failure.message, target, failure.cause);
    throw failure;
  }
}

async function record(input: DecisionInput, target: EventTarget | undefined): Promise<RecordedReceipt> {
  checkInput(input);
  const config = getConfig();
  const id = uuid();
  const draft = await draftOf(input, config, id);
  const endpoint = permittedEndpoint(input.endpoint, config, target);

  if (input.decision === 'declined' && !config.recordDeclines) {
    return { id, payload: { ...draft, seq: 0, prev: null }, jws: null, recorded: false };
  }

  if (!canSign()) {
    const message = 'Receipts cannot be signed without a secure context (https or localhost).';
    reportError('insecure-context', message, target);
    if (!config.allowUnsigned) throw new ReceiptError('insecure-context', message);
    const { payload, entry, dropped, stored } = await recordUnsigned(draft, endpoint, config);
    rememberReceipt(payload, false);
    if (target) emit(target, 'receipt-created', { id, receipt: entry.jws });
    receiptAdded(entry, target, stored);
    receiptsDropped(dropped);
    return { id, payload, jws: null, unsecured: entry.jws, recorded: true, signed: false };
  }

  const signed = await getSigner().sign(draft, { endpoint }, config.outbox.maxEntries);
  if (signed.storageError) {
    reportError(
      'storage-failed',
      'The outbox could not store a receipt; it is delivered from memory.',
      target,
      signed.storageError,
    );
  }
  rememberReceipt(signed.payload, true);
  if (target) emit(target, 'receipt-created', { id, receipt: signed.jws });
  receiptsDropped(signed.dropped);
  // The countersignature travels with the receipt, so delivery waits for the host's answer.
  if (config.countersign) {
    void countersign(signed.entry, config, target).then((entry) =>
      receiptAdded(entry, target, !signed.storageError),
    );
  } else receiptAdded(signed.entry, target, !signed.storageError);
  return {
    id,
    payload: signed.payload,
    jws: signed.jws,
    recorded: true,
    signed: true,
    ...(signed.payload.ephemeralKey ? { ephemeralKey: true } : {}),
  };
}

/** Asks the host to countersign, then attaches the result to the waiting receipt. */
async function countersign(
  entry: OutboxEntry,
  config: AssentConfig,
  target: EventTarget | undefined,
): Promise<OutboxEntry> {
  try {
    const value = await config.countersign!(entry.jws, entry.payload);
    if (typeof value !== 'string' || value === '') return entry;
    const countersigned = { ...entry, countersignature: value };
    receiptUpdated(countersigned);
    return countersigned;
  } catch (error) {
    reportError('countersign-failed', `The countersign callback failed: ${String(error)}`, target, error);
    return entry;
  }
}
