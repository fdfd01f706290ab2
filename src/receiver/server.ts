/**
 * The receiver: verifies receipts, stores them idempotently, and logs each one in a transparency log
 * whose signed tree heads prove what it held when.
 *
 * POST /api/receipts            application/jose body (a compact JWS), optional Idempotency-Key (= receipt id),
 *                               optional Assent-Known-Tree-Size (the last head's size the client saw)
 *   201 stored · 200 the same JWS again · 409 the same id with a different JWS
 *   errors, checked in this order: 415 content type · 413 over 64 KiB · 400 malformed · 422 signature/schema
 *   body: { status, id, receivedAt, leafIndex, treeHead, inclusionProof, consistencyProof? }
 * GET  /api/receipts            (read token) JSON list in log order; ?limit (≤ 1000, default 100) &offset; X-Total-Count
 * GET  /api/receipts/:id        (read token) the JWS exactly as received, chain status, leaf index
 * GET  /api/receipts/:id/proof  public: { leafIndex, treeSize, inclusionProof } [?treeSize=n]
 * GET  /api/log/tree-head       public: { treeHead, log, treeSize, rootHash, timestamp }
 * GET  /api/log/consistency     public: ?first=m&second=n → { first, second, proof }
 *
 * `createReceiver` gives a Node `(req, res)` handler and a web-standard `fetch`; both run the same
 * code over a small request/response shape.
 */
import {
  createHash,
  createPublicKey,
  timingSafeEqual,
  verify,
  type JsonWebKey as Jwk,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ReceiptPayload } from '../receipt/types.js';
import { MAX_RECEIPT_BYTES, STRUCTURAL_REASONS, decodeCompactJws, type PublicJwk } from '../receipt/jws.js';
import { verifyWith, type VerifyCrypto } from '../verify/check.js';
import { validateReceiptPayload } from '../verify/schema.js';
import {
  checkExportConfig,
  exportReceipt,
  EXPORT_FORMATS,
  type ExportConfig,
  type ExportFormat,
} from './formats.js';
import { ReceiptLog, ReceiverKey, receiptLeafHash } from './log.js';
import { sqliteStore } from './sqlite.js';
import type { NewReceipt, ReceiptStore, StoredReceipt } from './store.js';

const HOST_COUNTERSIGNATURE_HEADER = 'assent-countersignature';
const KNOWN_TREE_SIZE_HEADER = 'assent-known-tree-size';

/** Node's synchronous crypto for the verifier: the receiver's hot path, one KeyObject per browser key. */
const publicKeys = new Map<string, KeyObject>();
export const nodeCrypto: VerifyCrypto = {
  sha256: (data) => createHash('sha256').update(data).digest(),
  verifyEs256(jwk: PublicJwk, data, signature) {
    const cacheKey = `${jwk.x}.${jwk.y}`;
    let key = publicKeys.get(cacheKey);
    if (!key) {
      key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
      if (publicKeys.size > 10_000) publicKeys.clear();
      publicKeys.set(cacheKey, key);
    }
    return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  },
};

export interface ReceiverOptions {
  store: ReceiptStore;
  /** The log's signing key: a ReceiverKey, a P-256 private KeyObject or PKCS#8 PEM. Or give `keyFile`. */
  key?: ReceiverKey | KeyObject | string;
  /** PKCS#8 PEM file of the log's key, made (mode 0600) when missing. */
  keyFile?: string;
  /** Reads need `Authorization: Bearer <readToken>`; without one, no reads at all. */
  readToken?: string;
  /** Host names (port optional) requests may name; others get 421. Default: loopback names only. */
  allowedHosts?: readonly string[];
  /** Origins allowed to POST (`true`: any, without credentials); reads only ever to listed origins. */
  cors?: boolean | string | readonly string[];
  /** Store unsigned (`alg: none`) receipts, marked `verified: false`, instead of answering 422. */
  acceptUnsigned?: boolean;
  /** How long a receipt may wait for others to share its commit and tree head (default 0: one event-loop turn). */
  commitWindowMs?: number;
  /**
   * Controller, jurisdiction, withdrawal method and validity for `GET /api/receipts/:id?format=kantara`
   * and `?format=iso27560` (see docs/transparency-log.md); without it those formats answer 404.
   */
  exportConfig?: ExportConfig;
  /**
   * Token bucket per client address (node:http path): `perSecond` requests refill, up to `burst`;
   * beyond it 429 with Retry-After. Off by default.
   */
  rateLimit?: { perSecond: number; burst?: number };
  /**
   * Bytes of new receipts one signing key (kid) may store per UTC day; beyond it 429. Counted in the
   * store, so it holds across every receiver process sharing the database.
   */
  quotaBytesPerKeyPerDay?: number;
  /** A request body must have arrived within this many ms of the handler starting (default 10,000); else 408. */
  bodyTimeoutMs?: number;
  /**
   * The host backend's public key (P-256 JWK). With it, every POST needs an `Assent-Countersignature`
   * made with that key over the receipt (see `HOST_COUNTERSIGNATURE_TYP`): 401 without, 422 when invalid.
   */
  hostKey?: Jwk;
}

/** `typ` of a host countersignature: ES256 compact JWS, payload `{ "receipt": sha256 hex of the receipt JWS }`. */
export const HOST_COUNTERSIGNATURE_TYP = 'assent-countersignature+jws';

export interface Receiver {
  /** For node:http and Express: `(req, res[, next])`; `next` is called for paths it does not serve. */
  handler(
    request: IncomingMessage,
    response: ServerResponse,
    next?: (error?: unknown) => void,
  ): Promise<void>;
  /** Web-standard: for Hono, Bun, Deno and anything that speaks Request/Response. */
  fetch(request: Request): Promise<Response>;
  store: ReceiptStore;
  key: ReceiverKey;
  log: ReceiptLog;
  /** Lets the batch being committed finish, then closes the store. */
  close(): Promise<void>;
}

export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** The parts of a request's URL the routes read. */
interface Target {
  pathname: string;
  searchParams: Pick<URLSearchParams, 'get'>;
}

/** What the routes need from a request, whichever server received it. */
interface Incoming {
  method: string;
  url: Target;
  header(name: string): string | undefined;
  /** At most `limit` bytes; null when the body is larger. */
  body(limit: number): Promise<Buffer | null>;
  /** The peer's address, when the server knows it (rate limiting). */
  client?: string;
}

interface Outgoing {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
  /** Close the connection after answering (the rest of an oversized body is not read). */
  close?: boolean;
}

type Json = Record<string, unknown> | unknown[];

/** No headers to add (CORS off, or an origin not listed): compared by identity to skip a copy. */
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

const JSON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
};

function json(status: number, body: Json, headers?: Record<string, string>): Outgoing {
  return {
    status,
    // Answers only read their headers, so the common ones are one shared object.
    headers: headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS,
    body: JSON.stringify(body),
  };
}

function problem(
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers?: Record<string, string>,
) {
  return json(status, { error, message, ...extra }, headers);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** A non-negative safe integer written in plain decimal, or undefined. */
function parseSize(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined || !/^(0|[1-9]\d{0,15})$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

function hostName(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.lastIndexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

function toKey(options: ReceiverOptions): ReceiverKey {
  if (options.key instanceof ReceiverKey) return options.key;
  if (options.key !== undefined) return new ReceiverKey(options.key);
  if (options.keyFile !== undefined) return ReceiverKey.fromFile(options.keyFile);
  throw new Error('createReceiver needs the log key: `key` or `keyFile`.');
}

export function createReceiver(options: ReceiverOptions): Receiver {
  const { store, acceptUnsigned = false, bodyTimeoutMs = 10_000 } = options;
  const exportConfig = options.exportConfig && checkExportConfig(options.exportConfig);
  const key = toKey(options);
  const log = new ReceiptLog(store, key, options.commitWindowMs, {
    quotaBytesPerKeyPerDay: options.quotaBytesPerKeyPerDay,
  });
  const tokenHash = options.readToken ? sha256(options.readToken) : undefined;
  const allowedHosts = new Set((options.allowedHosts ?? LOOPBACK_HOSTS).map(hostName));
  const corsList: readonly string[] | undefined =
    options.cors === true || options.cors === '*'
      ? undefined
      : typeof options.cors === 'string'
        ? options.cors.split(',').map((origin) => origin.trim())
        : options.cors || [];

  /** CORS headers: public routes may answer any origin when `cors: true`; reads only listed origins, with credentials. */
  function corsHeaders(origin: string | undefined, isRead: boolean): Readonly<Record<string, string>> {
    if (!origin || !options.cors) return NO_HEADERS;
    if (corsList?.includes(origin)) {
      return {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Expose-Headers': 'X-Total-Count',
        Vary: 'Origin',
      };
    }
    return corsList === undefined && !isRead ? { 'Access-Control-Allow-Origin': '*' } : NO_HEADERS;
  }

  function authorised(request: Incoming): boolean {
    if (!tokenHash) return false;
    const match = /^Bearer +(\S+) *$/i.exec(request.header('authorization') ?? '');
    return match !== null && timingSafeEqual(sha256(match[1]!), tokenHash);
  }

  const rateLimit = options.rateLimit && {
    perSecond: options.rateLimit.perSecond,
    burst: options.rateLimit.burst ?? Math.max(1, options.rateLimit.perSecond * 2),
  };
  const buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes a token from the client's bucket; the seconds to wait when there is none. */
  function rateLimited(client: string | undefined): number | undefined {
    if (!rateLimit || client === undefined) return undefined;
    const now = performance.now();
    const bucket = buckets.get(client) ?? { tokens: rateLimit.burst, at: now };
    bucket.tokens = Math.min(
      rateLimit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * rateLimit.perSecond,
    );
    bucket.at = now;
    // Full buckets carry no state worth keeping: forget them when the map grows.
    if (buckets.size > 100_000)
      for (const [name, b] of buckets) if (b.tokens >= rateLimit.burst) buckets.delete(name);
    buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rateLimit.perSecond));
  }

  function secondsToMidnight() {
    const now = Date.now();
    return Math.max(1, Math.ceil((86_400_000 - (now % 86_400_000)) / 1000));
  }

  const hostKey = options.hostKey && createPublicKey({ key: options.hostKey, format: 'jwk' });
  if (hostKey && hostKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new Error('createReceiver: hostKey must be a P-256 public JWK.');

  /** Whether `countersignature` is the host key's ES256 JWS over this receipt's sha-256. */
  function countersigned(countersignature: string, receiptSha256: string): boolean {
    if (!hostKey) return false;
    const decoded = decodeCompactJws(countersignature);
    if ('ok' in decoded) return false;
    const { header, payload, signingInput, signature } = decoded;
    if (header.alg !== 'ES256' || header.typ !== HOST_COUNTERSIGNATURE_TYP) return false;
    if (payload.receipt !== receiptSha256) return false;
    try {
      return (
        signature.length === 64 &&
        verify('sha256', Buffer.from(signingInput), { key: hostKey, dsaEncoding: 'ieee-p1363' }, signature)
      );
    } catch {
      return false;
    }
  }

  async function postReceipt(request: Incoming): Promise<Outgoing> {
    const mediaType = (request.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'application/jose') {
      return problem(
        415,
        'unsupported-media-type',
        'Send the compact JWS as Content-Type: application/jose.',
      );
    }
    const declared = Number(request.header('content-length') ?? 0);
    const body = declared > MAX_RECEIPT_BYTES ? null : await request.body(MAX_RECEIPT_BYTES);
    if (body === null) {
      return {
        ...problem(413, 'too-large', `A receipt is at most ${MAX_RECEIPT_BYTES} bytes.`),
        close: true,
      };
    }
    const jws = body.toString('latin1');
    // A compact JWS is ASCII; anything else cannot be one (and would not survive latin1 unchanged).
    if (!/^[\x21-\x7e]*$/.test(jws)) return problem(400, 'malformed', 'A compact JWS is printable ASCII.');
    // One parse: verifyWith parses, checks the signature, RFC 8785 form and schema.
    const result = await verifyWith(nodeCrypto, jws);
    const unsigned = !result.ok && result.reason === 'unsigned' && acceptUnsigned;
    if (!result.ok && STRUCTURAL_REASONS.has(result.reason) && !unsigned)
      return problem(400, result.reason, result.message);
    const payload = (result.ok ? result.payload : result.payload) as Record<string, unknown> | undefined;
    const id = typeof payload?.id === 'string' ? payload.id : undefined;
    const idempotencyKey = request.header('idempotency-key');
    if (idempotencyKey !== undefined && id !== undefined && idempotencyKey !== id) {
      return problem(
        400,
        'idempotency-key-mismatch',
        'The Idempotency-Key header must equal the receipt id.',
      );
    }

    let verified: { kid: string; jwsSha256: string; payload: ReceiptPayload };
    if (result.ok) verified = result;
    else if (unsigned) {
      const issues = validateReceiptPayload(payload);
      if (issues.length > 0)
        return problem(422, 'schema', 'The payload does not match receipt schema v1.', { issues });
      verified = {
        kid: '',
        jwsSha256: createHash('sha256').update(jws).digest('hex'),
        payload: payload as unknown as ReceiptPayload,
      };
    } else {
      return problem(422, result.reason, result.message, result.issues ? { issues: result.issues } : {});
    }
    const receipt = verified.payload;
    const host = request.header(HOST_COUNTERSIGNATURE_HEADER);
    const fresh: NewReceipt = {
      id: receipt.id,
      jws,
      jwsSha256: verified.jwsSha256,
      leafHash: receiptLeafHash(jws),
      kid: verified.kid,
      seq: receipt.seq,
      prev: receipt.prev,
      type: receipt.type,
      decision: receipt.decision,
      issuedAt: receipt.issuedAt,
      receivedAt: new Date().toISOString(),
      documents: receipt.documents.map(({ id, version, sha256 }) => ({ id, version, sha256 })),
      verified: !unsigned,
      hostCountersignature: host ?? null,
    };
    if (hostKey) {
      if (host === undefined) {
        const message =
          'This receiver takes receipts countersigned by its host: send Assent-Countersignature.';
        return problem(401, 'countersignature-missing', message);
      }
      if (!countersigned(host, verified.jwsSha256)) {
        const message = `Assent-Countersignature is not the host key's ${HOST_COUNTERSIGNATURE_TYP} over this receipt.`;
        return problem(422, 'countersignature-invalid', message);
      }
    }
    const entry = await log.append(fresh);
    if (!entry.receipt) {
      return problem(
        429,
        'quota-exceeded',
        `This signing key stored its ${options.quotaBytesPerKeyPerDay} bytes for today (UTC); try again tomorrow.`,
        { kid: fresh.kid },
        { 'Retry-After': String(secondsToMidnight()) },
      );
    }
    if (!entry.result.created && entry.receipt.jws !== jws)
      return problem(409, 'conflict', 'Another receipt is stored under this id.', { id: receipt.id });
    const { head } = entry;
    const known = parseSize(request.header(KNOWN_TREE_SIZE_HEADER));
    return json(entry.result.created ? 201 : 200, {
      status: entry.result.created ? 'created' : 'duplicate',
      id: entry.receipt.id,
      receivedAt: entry.receipt.receivedAt,
      leafIndex: entry.receipt.leafIndex,
      treeHead: head.jws,
      inclusionProof: log.inclusionProof(entry.receipt.leafIndex, head.treeSize),
      ...(known !== undefined && known <= head.treeSize
        ? { consistencyProof: log.consistencyProof(known, head.treeSize) }
        : {}),
    });
  }

  async function listReceipts(url: Target): Promise<Outgoing> {
    const limit = Math.min(
      1000,
      Math.max(1, Number.parseInt(url.searchParams.get('limit') ?? '100', 10) || 100),
    );
    // A store cannot skip past 2^53 rows; a larger (or malformed) offset is the client's mistake.
    const offset = parseSize(url.searchParams.get('offset') ?? '0');
    if (offset === undefined) return problem(400, 'bad-offset', 'offset is a non-negative integer.');
    const [items, total] = await Promise.all([store.list({ limit, offset }), store.count()]);
    return json(200, items, { 'X-Total-Count': String(total) });
  }

  function receiptView(stored: StoredReceipt) {
    const { hostCountersignature, leafHash: _leafHash, ...rest } = stored;
    return { ...rest, ...(hostCountersignature ? { hostCountersignature } : {}) };
  }

  async function getReceipt(id: string, url: Target): Promise<Outgoing> {
    const format = url.searchParams.get('format');
    if (format !== null && !(EXPORT_FORMATS as readonly string[]).includes(format)) {
      return problem(400, 'bad-format', `format is one of ${EXPORT_FORMATS.join(', ')}.`);
    }
    const stored = await store.get(id);
    if (!stored) return problem(404, 'not-found', 'No receipt is stored under this id.');
    if (format === null) {
      return json(200, { ...receiptView(stored), chain: await store.chainStatus(id), receiverKid: key.kid });
    }
    if (!exportConfig) {
      return problem(404, 'no-export-config', 'This receiver has no export configuration (exportConfig).');
    }
    const verified = await verifyWith(nodeCrypto, stored.jws);
    if (!verified.ok) return problem(422, 'unverified', 'An unverified receipt has no consent record.');
    const receipt = {
      payload: verified.payload,
      kid: verified.kid,
      jwk: verified.header.jwk,
      receivedAt: stored.receivedAt,
    };
    return json(200, exportReceipt(receipt, format as ExportFormat, exportConfig));
  }

  async function getProof(id: string, url: Target): Promise<Outgoing> {
    const stored = await store.get(id);
    if (!stored) return problem(404, 'not-found', 'No receipt is stored under this id.');
    const asked = url.searchParams.get('treeSize');
    const treeSize = asked === null ? (await log.latestHead()).treeSize : parseSize(asked);
    if (treeSize === undefined || treeSize <= stored.leafIndex || !(await log.reach(treeSize))) {
      return problem(
        400,
        'bad-tree-size',
        'treeSize must be a tree size of this log that includes the receipt.',
      );
    }
    return json(200, {
      leafIndex: stored.leafIndex,
      treeSize,
      inclusionProof: log.inclusionProof(stored.leafIndex, treeSize),
    });
  }

  async function getConsistency(url: Target): Promise<Outgoing> {
    const first = parseSize(url.searchParams.get('first'));
    const second = parseSize(url.searchParams.get('second'));
    if (first === undefined || second === undefined || first > second || !(await log.reach(second))) {
      return problem(
        400,
        'bad-tree-size',
        'first and second must be tree sizes of this log, first ≤ second.',
      );
    }
    return json(200, { first, second, proof: log.consistencyProof(first, second) });
  }

  async function route(request: Incoming): Promise<Outgoing> {
    const host = request.header('host');
    if (host === undefined || !allowedHosts.has(hostName(host)))
      return problem(421, 'misdirected', 'This receiver does not answer for that Host.');
    const wait = rateLimited(request.client);
    if (wait !== undefined) {
      const message = 'Too many requests from this client; retry after the given seconds.';
      return problem(429, 'rate-limited', message, {}, { 'Retry-After': String(wait) });
    }
    const path = request.url.pathname.replace(/\/+$/, '');
    const isCollection = path === '/api/receipts';
    const itemPath = !isCollection && path.startsWith('/api/receipts/');
    const proof = itemPath ? /^\/api\/receipts\/([^/]+)\/proof$/.exec(path) : null;
    const item = itemPath && !proof ? /^\/api\/receipts\/([^/]+)$/.exec(path) : null;
    const logRoute = path === '/api/log/tree-head' || path === '/api/log/consistency';
    const isRead = (isCollection && request.method !== 'POST') || item !== null;
    const cors = corsHeaders(request.header('origin'), isRead && request.method !== 'OPTIONS');
    const answer = (outgoing: Outgoing): Outgoing =>
      cors === NO_HEADERS ? outgoing : { ...outgoing, headers: { ...cors, ...outgoing.headers } };

    if (request.method === 'OPTIONS') {
      const preflight = corsHeaders(request.header('origin'), false);
      if (!preflight['Access-Control-Allow-Origin'])
        return problem(403, 'cors', 'This origin is not allowed.');
      return {
        status: 204,
        headers: {
          ...preflight,
          'Access-Control-Allow-Methods': isCollection ? 'GET, POST' : 'GET',
          'Access-Control-Allow-Headers':
            request.header('access-control-request-headers') ??
            'Content-Type, Idempotency-Key, Assent-Known-Tree-Size',
          'Access-Control-Max-Age': '600',
        },
        body: '',
      };
    }
    if (!isCollection && !item && !proof && !logRoute) return problem(404, 'not-found', 'Unknown path.');
    if (isCollection && request.method === 'POST') return answer(await postReceipt(request));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const allow = isCollection ? 'GET, POST, OPTIONS' : 'GET, OPTIONS';
      return answer(
        problem(405, 'method-not-allowed', `${request.method} is not allowed here.`, {}, { Allow: allow }),
      );
    }
    if (proof) return answer(await getProof(decodeURIComponent(proof[1]!), request.url));
    if (path === '/api/log/tree-head') {
      const head = await log.latestHead();
      const { jws, ...fields } = head;
      return answer(json(200, { treeHead: jws, ...fields }));
    }
    if (path === '/api/log/consistency') return answer(await getConsistency(request.url));
    if (!authorised(request)) {
      const message = 'Reading receipts needs Authorization: Bearer <read token>.';
      return answer(problem(401, 'unauthorized', message, {}, { 'WWW-Authenticate': 'Bearer' }));
    }
    return answer(
      isCollection
        ? await listReceipts(request.url)
        : await getReceipt(decodeURIComponent(item![1]!), request.url),
    );
  }

  /** Runs a route; a failing store is a 503 the client may retry, never a 4xx it would give up on. */
  async function respond(request: Incoming): Promise<Outgoing> {
    try {
      return await route(request);
    } catch (error) {
      if (error instanceof URIError)
        return problem(400, 'malformed', 'The path is not valid percent-encoding.');
      if (error instanceof BodyError && error.timedOut)
        return { ...problem(408, 'body-timeout', 'The request body came too slowly.'), close: true };
      if (error instanceof BodyError)
        return { ...problem(400, 'incomplete-body', 'The request body did not arrive.'), close: true };
      console.error('[assent receiver]', error);
      const message = 'The receiver could not reach its store; try again.';
      return problem(503, 'unavailable', message, {}, { 'Retry-After': '1' });
    }
  }

  async function handler(
    request: IncomingMessage,
    response: ServerResponse,
    next?: (error?: unknown) => void,
  ) {
    const target = request.url ?? '/';
    // `//x` and the like are not paths of this origin; URL.parse gives null where `new URL` would throw.
    const url = URL.parse(target, 'http://receiver.invalid');
    if (!url || !target.startsWith('/')) {
      if (next) return next();
      return void sendOutgoing(
        request,
        response,
        problem(400, 'malformed', 'The request target is not a path.'),
      );
    }
    if (next && !url.pathname.startsWith('/api/receipts') && !url.pathname.startsWith('/api/log/'))
      return next();
    sendOutgoing(request, response, await respond(new NodeIncoming(request, url, bodyTimeoutMs)));
  }

  async function fetchHandler(request: Request): Promise<Response> {
    const outgoing = await respond({
      method: request.method,
      url: new URL(request.url),
      header: (name) => request.headers.get(name) ?? undefined,
      body: (limit) => readWebBody(request, limit),
    });
    return new Response(request.method === 'HEAD' || outgoing.status === 204 ? null : outgoing.body, {
      status: outgoing.status,
      headers: outgoing.headers,
    });
  }

  const close = async () => {
    await log.settled();
    await store.close();
  };
  return { handler, fetch: fetchHandler, store, key, log, close };
}

function sendOutgoing(request: IncomingMessage, response: ServerResponse, outgoing: Outgoing) {
  if (response.headersSent || response.destroyed) return;
  // Name, value, name, value: node:http takes the list as it is (no copy of a header object).
  const fields: string[] = [];
  for (const name in outgoing.headers) fields.push(name, outgoing.headers[name]!);
  fields.push('Content-Length', String(Buffer.byteLength(outgoing.body)));
  if (outgoing.close) fields.push('Connection', 'close');
  response.writeHead(outgoing.status, fields);
  response.end(request.method === 'HEAD' ? undefined : outgoing.body);
}

/** A node:http request as the routes see it (a class: no closures made per request). */
class NodeIncoming implements Incoming {
  readonly method: string;
  readonly client: string | undefined;

  constructor(
    private readonly request: IncomingMessage,
    readonly url: Target,
    private readonly bodyTimeoutMs: number,
  ) {
    this.method = request.method ?? 'GET';
    this.client = request.socket.remoteAddress;
  }

  header(name: string): string | undefined {
    const value = this.request.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  body(limit: number): Promise<Buffer | null> {
    return readBody(this.request, limit, this.bodyTimeoutMs);
  }
}

/** The longest delay node's timers take (longer ones fire at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The client stopped sending its body (aborted, reset, or too slow): its fault, answered 400. */
class BodyError extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** Reads at most `limit` bytes; null when the body is larger. */
function readBody(request: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    // A slow body holds a connection and memory: cut it at the deadline. Node keeps the timers of one
    // duration in one list under one timer, so a timer per request is cheap.
    const timer = setTimeout(
      () => {
        done = true;
        reject(new BodyError('body timeout', true));
      },
      Math.min(timeoutMs, MAX_TIMER_MS),
    );
    request.once('close', () => clearTimeout(timer));
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        clearTimeout(timer);
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      clearTimeout(timer);
      if (!done) resolve(Buffer.concat(chunks, size));
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(new BodyError(error.message));
    });
  });
}

async function readWebBody(request: Request, limit: number): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read().catch((error: unknown) => {
      throw new BodyError(String(error));
    });
    if (done) return Buffer.concat(chunks, size);
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}

export interface StartOptions extends Partial<Omit<ReceiverOptions, 'store'>> {
  /** 0 picks a free port. Default: RECEIVER_PORT or 8787. */
  port?: number;
  host?: string;
  /** The SQLite file and the key file live here. Default: RECEIVER_DATA_DIR or demo/data. */
  dataDir?: string;
  /** Replaces the SQLite store (e.g. a PostgreSQL one). */
  store?: ReceiptStore;
  /** node:http `headersTimeout`: all headers within this many ms (default 10,000). */
  headersTimeoutMs?: number;
  /** node:http `requestTimeout`: the whole request within this many ms (default 30,000). */
  requestTimeoutMs?: number;
  /** `server.maxConnections`: connections beyond it are closed at once (default 1,000). */
  maxConnections?: number;
}

export interface RunningReceiver {
  url: string;
  port: number;
  server: Server;
  store: ReceiptStore;
  key: ReceiverKey;
  receiver: Receiver;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = 'demo/data';

/**
 * The data directory holds every receipt and the log's private key: it must be 0700 and its files
 * 0600. Made so when missing; when they exist readable by group or others, the receiver refuses to start.
 */
function securePaths(dataDir: string, files: ReadonlyArray<string | undefined>) {
  if (process.platform === 'win32') return;
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const open = (path: string, want: string) => {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new Error(
        `assent receiver: ${path} is open to group or others (mode ${mode.toString(8)}); ` +
          `run \`chmod ${want} ${path}\` and start again.`,
      );
    }
  };
  open(dataDir, '700');
  for (const file of files) if (file !== undefined && existsSync(file)) open(file, '600');
}

/** Starts the receiver on node:http (127.0.0.1 by default); `close()` stops it and closes the store. */
export async function startReceiver(options: StartOptions = {}): Promise<RunningReceiver> {
  const dataDir = options.dataDir ?? process.env.RECEIVER_DATA_DIR ?? DEFAULT_DATA_DIR;
  const dbFile = join(dataDir, 'receipts.sqlite3');
  const keyFile = options.key ? undefined : (options.keyFile ?? join(dataDir, 'receiver-key.pem'));
  securePaths(dataDir, options.store ? [keyFile] : [dbFile, keyFile]);
  const store = options.store ?? sqliteStore({ file: dbFile });
  const host = options.host ?? '127.0.0.1';
  const receiver = createReceiver({
    ...options,
    store,
    keyFile,
    allowedHosts: options.allowedHosts ?? [...LOOPBACK_HOSTS, host],
  });
  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      // How often node checks those two deadlines; finer than its 30 s default so they hold.
      connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs ?? 1000),
    },
    (request, response) => void receiver.handler(request, response),
  );
  server.keepAliveTimeout = 5000;
  server.maxConnections = options.maxConnections ?? 1000;
  const port = options.port ?? Number(process.env.RECEIVER_PORT ?? 8787);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}`,
    port: actual,
    server,
    store,
    key: receiver.key,
    receiver,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => void receiver.close().then(resolve));
        server.closeAllConnections();
      }),
  };
}
