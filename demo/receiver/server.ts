/**
 * The reference receiver: a Node HTTP server that verifies receipts, stores them idempotently and
 * countersigns what it stores.
 *
 * POST /api/receipts      application/jose body (a compact JWS), optional Idempotency-Key (= receipt id)
 *   201 stored · 200 the same JWS again · 409 the same id with a different JWS
 *   errors, checked in this order: 415 content type · 413 over 64 KiB · 400 malformed · 422 signature/schema
 * GET  /api/receipts      JSON list (id, type, decision, issuedAt, receivedAt, documents, kid, seq, verified, chain)
 *                         ?limit (≤ 1000, default 100) &offset; X-Total-Count header
 * GET  /api/receipts/:id  the JWS exactly as received, the countersignature, chain status
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ReceiptPayload } from '../../src/consent/types.js';
import { base64urlEncode, utf8 } from '../../src/verify/base64url.js';
import { canonicalize } from '../../src/verify/jcs.js';
import { toLowS } from '../../src/verify/ecdsa.js';
import {
  MAX_RECEIPT_BYTES,
  STRUCTURAL_REASONS,
  parseReceipt,
  thumbprintInput,
  verifyWith,
  type PublicJwk,
  type VerifyCrypto,
} from '../../src/verify/jws.js';
import { validateReceiptPayload } from '../../src/verify/schema.js';
import { SqliteReceiptStore, type ReceiptStore, type StoredReceipt } from './store.js';

export const COUNTERSIGNATURE_TYP = 'assent-countersignature+jws';
const HOST_COUNTERSIGNATURE_HEADER = 'assent-countersignature';

/** Node's synchronous crypto for the verifier: the receiver's hot path. */
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

/** The receiver's own signing key, made on first run and kept (mode 0600) in the data folder. */
export class ReceiverKey {
  readonly jwk: PublicJwk;
  readonly kid: string;
  private readonly key: KeyObject;
  /** The encoded protected header, the same for every countersignature. */
  private readonly headerPart: string;

  constructor(file: string) {
    if (!existsSync(file)) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    this.key = createPrivateKey(readFileSync(file));
    const exported = createPublicKey(this.key).export({ format: 'jwk' });
    this.jwk = { kty: 'EC', crv: 'P-256', x: exported.x!, y: exported.y! };
    this.kid = base64urlEncode(createHash('sha256').update(thumbprintInput(this.jwk)).digest());
    const header = { alg: 'ES256', typ: COUNTERSIGNATURE_TYP, jwk: this.jwk, kid: this.kid };
    this.headerPart = base64urlEncode(utf8(canonicalize(header)));
  }

  /** Compact JWS over `{ id, kid, jwsSha256, receivedAt }` (RFC 8785), ES256. */
  countersign(claims: { id: string; kid: string; jwsSha256: string; receivedAt: string }): string {
    const input = `${this.headerPart}.${base64urlEncode(utf8(canonicalize(claims)))}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.key, dsaEncoding: 'ieee-p1363' });
    return `${input}.${base64urlEncode(toLowS(signature))}`; // low-S: one valid form only
  }
}

export interface ReceiverOptions {
  store: ReceiptStore;
  key: ReceiverKey;
  /** `true` allows any origin (no credentials); a list allows those origins (with credentials). */
  cors?: boolean | string | string[];
  /** Store unsigned (`alg: none`) receipts, marked `verified: false`, instead of answering 422. */
  acceptUnsigned?: boolean;
}

type Json = Record<string, unknown> | unknown[];

function send(
  response: ServerResponse,
  status: number,
  body: Json,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(text);
}

function problem(
  response: ServerResponse,
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  send(response, status, { error, message, ...extra });
}

function allowedOrigin(cors: ReceiverOptions['cors'], origin: string | undefined): string | undefined {
  if (!cors || !origin) return undefined;
  if (cors === true || cors === '*') return '*';
  const list = typeof cors === 'string' ? cors.split(',').map((item) => item.trim()) : cors;
  return list.includes(origin) ? origin : undefined;
}

function corsHeaders(options: ReceiverOptions, request: IncomingMessage): Record<string, string> {
  const origin = allowedOrigin(options.cors, request.headers.origin);
  if (!origin) return {};
  return origin === '*'
    ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'X-Total-Count' }
    : {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Expose-Headers': 'X-Total-Count',
        Vary: 'Origin',
      };
}

/** Reads at most `limit` bytes; null when the body is larger. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks, size));
    });
    request.on('error', reject);
  });
}

function publicView(stored: StoredReceipt) {
  return { id: stored.id, receivedAt: stored.receivedAt, countersignature: stored.countersignature };
}

async function postReceipt(
  options: ReceiverOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/jose') {
    return problem(
      response,
      415,
      'unsupported-media-type',
      'Send the compact JWS as Content-Type: application/jose.',
    );
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  const body = declared > MAX_RECEIPT_BYTES ? null : await readBody(request, MAX_RECEIPT_BYTES);
  if (body === null) {
    response.setHeader('Connection', 'close');
    return problem(response, 413, 'too-large', `A receipt is at most ${MAX_RECEIPT_BYTES} bytes.`);
  }
  const jws = body.toString('latin1');
  // A compact JWS is ASCII; anything else cannot be one (and would not survive latin1 unchanged).
  if (!/^[\x21-\x7e]*$/.test(jws))
    return problem(response, 400, 'malformed', 'A compact JWS is printable ASCII.');
  const parsed = parseReceipt(jws);
  let unsigned = false;
  if ('ok' in parsed) {
    if (parsed.reason === 'unsigned' && options.acceptUnsigned) unsigned = true;
    else if (STRUCTURAL_REASONS.has(parsed.reason))
      return problem(response, 400, parsed.reason, parsed.message);
  }
  const payload = ('ok' in parsed ? parsed.payload : parsed.payload) as Record<string, unknown> | undefined;
  const id = typeof payload?.id === 'string' ? payload.id : undefined;
  const idempotencyKey = request.headers['idempotency-key'];
  if (idempotencyKey !== undefined && id !== undefined && idempotencyKey !== id) {
    return problem(
      response,
      400,
      'idempotency-key-mismatch',
      'The Idempotency-Key header must equal the receipt id.',
    );
  }

  // The very same bytes again: already verified and stored, answer as the first time.
  const existing = id !== undefined ? await options.store.get(id) : undefined;
  if (existing && existing.jws === jws)
    return send(response, 200, { status: 'duplicate', ...publicView(existing) });

  let verified: { kid: string; jwsSha256: string; payload: Record<string, unknown> };
  if (unsigned) {
    const issues = validateReceiptPayload(payload);
    if (issues.length > 0)
      return problem(response, 422, 'schema', 'The payload does not match receipt schema v1.', { issues });
    verified = { kid: '', jwsSha256: createHash('sha256').update(jws).digest('hex'), payload: payload! };
  } else {
    const result = await verifyWith(nodeCrypto, jws);
    if (!result.ok) {
      const status = STRUCTURAL_REASONS.has(result.reason) ? 400 : 422;
      return problem(
        response,
        status,
        result.reason,
        result.message,
        result.issues ? { issues: result.issues } : {},
      );
    }
    verified = {
      kid: result.kid,
      jwsSha256: result.jwsSha256,
      payload: result.payload as unknown as Record<string, unknown>,
    };
  }
  const receipt = verified.payload as unknown as ReceiptPayload;
  if (existing)
    return problem(response, 409, 'conflict', 'Another receipt is stored under this id.', { id: receipt.id });

  const receivedAt = new Date().toISOString();
  const host = request.headers[HOST_COUNTERSIGNATURE_HEADER];
  const stored: StoredReceipt = {
    id: receipt.id,
    jws,
    jwsSha256: verified.jwsSha256,
    kid: verified.kid,
    seq: receipt.seq,
    prev: receipt.prev,
    type: receipt.type,
    decision: receipt.decision,
    issuedAt: receipt.issuedAt,
    receivedAt,
    documents: receipt.documents.map(({ id, version, sha256 }) => ({ id, version, sha256 })),
    verified: !unsigned,
    countersignature: options.key.countersign({
      id: receipt.id,
      kid: verified.kid,
      jwsSha256: verified.jwsSha256,
      receivedAt,
    }),
    hostCountersignature: typeof host === 'string' ? host : null,
  };
  const inserted = await options.store.insert(stored);
  if (inserted.inserted) return send(response, 201, { status: 'created', ...publicView(stored) });
  // Lost a race with an identical or conflicting request for the same id.
  if (inserted.existing.jws === jws)
    return send(response, 200, { status: 'duplicate', ...publicView(inserted.existing) });
  return problem(response, 409, 'conflict', 'Another receipt is stored under this id.', { id: receipt.id });
}

async function listReceipts(options: ReceiverOptions, url: URL, response: ServerResponse) {
  const limit = Math.min(
    1000,
    Math.max(1, Number.parseInt(url.searchParams.get('limit') ?? '100', 10) || 100),
  );
  const offset = Math.max(0, Number.parseInt(url.searchParams.get('offset') ?? '0', 10) || 0);
  const [items, total] = await Promise.all([options.store.list({ limit, offset }), options.store.count()]);
  send(response, 200, items, { 'X-Total-Count': String(total) });
}

async function getReceipt(options: ReceiverOptions, id: string, response: ServerResponse) {
  const stored = await options.store.get(id);
  if (!stored) return problem(response, 404, 'not-found', 'No receipt is stored under this id.');
  const { hostCountersignature, ...rest } = stored;
  send(response, 200, {
    ...rest,
    ...(hostCountersignature ? { hostCountersignature } : {}),
    chain: await options.store.chainStatus(id),
    receiverKid: options.key.kid,
  });
}

/** The request handler; `startReceiver` wraps it in a server. */
export function createReceiverHandler(options: ReceiverOptions) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      const url = new URL(request.url ?? '/', 'http://receiver.invalid');
      const cors = corsHeaders(options, request);
      for (const [name, value] of Object.entries(cors)) response.setHeader(name, value);
      const path = url.pathname.replace(/\/+$/, '');
      const isCollection = path === '/api/receipts';
      const item = /^\/api\/receipts\/([^/]+)$/.exec(path);
      if (!isCollection && !item) return problem(response, 404, 'not-found', 'Unknown path.');
      if (request.method === 'OPTIONS') {
        if (!cors['Access-Control-Allow-Origin'])
          return problem(response, 403, 'cors', 'This origin is not allowed.');
        response.writeHead(204, {
          'Access-Control-Allow-Methods': isCollection ? 'GET, POST' : 'GET',
          'Access-Control-Allow-Headers':
            request.headers['access-control-request-headers'] ?? 'Content-Type, Idempotency-Key',
          'Access-Control-Max-Age': '600',
        });
        return void response.end();
      }
      if (isCollection && request.method === 'POST') return await postReceipt(options, request, response);
      if (request.method === 'GET' || request.method === 'HEAD') {
        return isCollection
          ? await listReceipts(options, url, response)
          : await getReceipt(options, decodeURIComponent(item![1]!), response);
      }
      response.setHeader('Allow', isCollection ? 'GET, POST, OPTIONS' : 'GET, OPTIONS');
      return problem(response, 405, 'method-not-allowed', `${request.method} is not allowed here.`);
    } catch (error) {
      if (!response.headersSent) problem(response, 500, 'internal', 'The receiver failed.');
      else response.destroy();
      console.error('[receiver]', error);
    }
  };
}

export interface StartOptions {
  /** 0 picks a free port. Default: RECEIVER_PORT or 8787. */
  port?: number;
  host?: string;
  /** Default: RECEIVER_DATA_DIR or demo/data. */
  dataDir?: string;
  cors?: boolean | string | string[];
  acceptUnsigned?: boolean;
  /** Replaces the SQLite store (e.g. a PostgreSQL one). */
  store?: ReceiptStore;
}

export interface RunningReceiver {
  url: string;
  port: number;
  server: Server;
  store: ReceiptStore;
  key: ReceiverKey;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = 'demo/data';

/** Starts the receiver on 127.0.0.1; `close()` stops it and closes the store. */
export async function startReceiver(options: StartOptions = {}): Promise<RunningReceiver> {
  const dataDir = options.dataDir ?? process.env.RECEIVER_DATA_DIR ?? DEFAULT_DATA_DIR;
  mkdirSync(dataDir, { recursive: true });
  const store = options.store ?? new SqliteReceiptStore(join(dataDir, 'receipts.sqlite3'));
  const key = new ReceiverKey(join(dataDir, 'receiver-key.pem'));
  const handler = createReceiverHandler({
    store,
    key,
    cors: options.cors,
    acceptUnsigned: options.acceptUnsigned,
  });
  const server = createServer((request, response) => void handler(request, response));
  server.keepAliveTimeout = 5000;
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? Number(process.env.RECEIVER_PORT ?? 8787);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    server,
    store,
    key,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => void store.close().then(resolve));
        server.closeAllConnections();
      }),
  };
}
