/**
 * A small receiver with a transparency log, on 127.0.0.1, for the tests of those who check logs
 * (the browser's courier, `assent audit`, `assent verify`, `assent export`). It answers like the
 * shipped receiver (DESIGN.md, "Transparency log") and can be told to lie: rewrite its history
 * (`log.dropLeaf`, `log.replaceLeaf`), sign with another key, stop showing its log, or go back to
 * an older head.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyReceipt } from '../../src/verify/index.js';
import { TestLog, TreeHeadSigner } from './tree-heads.js';

export type LogReceiverMode =
  /** Answers truthfully. */
  | 'honest'
  /** Answers `{ status, id }` only, like a backend without a log. */
  | 'no-log'
  /** Signs its heads with a key other than the one it started with. */
  | 'other-key'
  /** Answers with the head of the tree one leaf smaller than it is. */
  | 'stale-head'
  /** Answers with an inclusion proof for another leaf. */
  | 'wrong-proof';

export interface StoredEntry {
  id: string;
  jws: string;
  receivedAt: string;
}

export interface LogReceiver {
  url: string;
  log: TestLog;
  mode: LogReceiverMode;
  /** POSTs seen per receipt id. */
  posts: Map<string, number>;
  /** `Assent-Known-Tree-Size` of every POST, in order (undefined when absent). */
  knownSizes: (number | undefined)[];
  stored: Map<string, StoredEntry>;
  /** Starts a new, empty log (a new receiver). */
  reset(): void;
  close(): Promise<void>;
}

export interface LogReceiverOptions {
  /** Bearer token for reading receipts; reads are refused without it. */
  readToken?: string;
  /** Extra routes (the page of a browser test): return true when handled. */
  handle?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function size(text: string | null | undefined): number | undefined {
  return text !== null && text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

export async function startLogReceiver(options: LogReceiverOptions = {}): Promise<LogReceiver> {
  const otherSigner = new TreeHeadSigner();
  const state: LogReceiver = {
    url: '',
    log: new TestLog(),
    mode: 'honest',
    posts: new Map(),
    knownSizes: [],
    stored: new Map(),
    reset() {
      state.log = new TestLog();
      state.mode = 'honest';
      state.posts.clear();
      state.knownSizes.length = 0;
      state.stored.clear();
    },
    close: async () => undefined,
  };

  /** The head the current mode answers with. */
  function head() {
    const { log } = state;
    if (state.mode === 'other-key') return otherSigner.head(log.tree);
    if (state.mode === 'stale-head' && log.tree.size > 1) return log.head(log.tree.size - 1);
    return log.head();
  }

  async function post(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const jws = await readBody(request);
    const verified = await verifyReceipt(jws);
    if (!verified.ok) return json(response, 422, { error: verified.reason, message: verified.message });
    const { id } = verified.payload;
    state.posts.set(id, (state.posts.get(id) ?? 0) + 1);
    const known = size(request.headers['assent-known-tree-size'] as string | undefined);
    state.knownSizes.push(known);
    const existing = state.stored.get(id);
    if (existing && existing.jws !== jws) return json(response, 409, { error: 'conflict', id });
    const entry = existing ?? { id, jws, receivedAt: new Date().toISOString() };
    state.stored.set(id, entry);
    const leafIndex = state.log.append(jws);
    const status = existing ? 'duplicate' : 'created';
    if (state.mode === 'no-log') return json(response, existing ? 200 : 201, { status, id });
    const signed = head();
    const treeSize = signed.head.treeSize;
    const proofIndex =
      state.mode === 'wrong-proof' && treeSize > 1
        ? (leafIndex + 1) % treeSize
        : Math.min(leafIndex, treeSize - 1);
    json(response, existing ? 200 : 201, {
      status,
      id,
      receivedAt: entry.receivedAt,
      leafIndex,
      treeHead: signed.jws,
      inclusionProof: leafIndex < treeSize ? state.log.inclusionProof(proofIndex, treeSize) : [],
      ...(known !== undefined && known <= treeSize
        ? { consistencyProof: state.log.consistencyProof(known, treeSize) }
        : {}),
    });
  }

  function authorised(request: IncomingMessage): boolean {
    return options.readToken !== undefined && request.headers.authorization === `Bearer ${options.readToken}`;
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (options.handle?.(request, response)) return;
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (request.method === 'POST' && path === '/api/receipts') return post(request, response);
    if (request.method !== 'GET') return json(response, 405, { error: 'method' });
    if (path === '/api/log/tree-head') {
      const { jws, head: payload } = head();
      return json(response, 200, { treeHead: jws, ...payload });
    }
    if (path === '/api/log/consistency') {
      const first = size(url.searchParams.get('first'));
      const second = size(url.searchParams.get('second'));
      if (first === undefined || second === undefined || first > second || second > state.log.tree.size) {
        return json(response, 400, { error: 'bad-range' });
      }
      return json(response, 200, { first, second, proof: state.log.consistencyProof(first, second) });
    }
    const proof = /^\/api\/receipts\/([^/]+)\/proof$/.exec(path);
    if (proof) {
      const entry = state.stored.get(decodeURIComponent(proof[1]!));
      const leafIndex = entry ? state.log.entries.indexOf(entry.jws) : -1;
      if (leafIndex < 0) return json(response, 404, { error: 'not-found' });
      const treeSize = size(url.searchParams.get('treeSize')) ?? state.log.tree.size;
      if (treeSize <= leafIndex || treeSize > state.log.tree.size)
        return json(response, 400, { error: 'bad-size' });
      return json(response, 200, {
        leafIndex,
        treeSize,
        inclusionProof: state.log.inclusionProof(leafIndex, treeSize),
      });
    }
    if (!authorised(request)) return json(response, 401, { error: 'unauthorized' });
    if (path === '/api/receipts') {
      const items = [...state.stored.values()].map(({ id, receivedAt }) => ({ id, receivedAt }));
      response.setHeader('X-Total-Count', String(items.length));
      return json(response, 200, items);
    }
    const one = /^\/api\/receipts\/([^/]+)$/.exec(path);
    const entry = one && state.stored.get(decodeURIComponent(one[1]!));
    if (!entry) return json(response, 404, { error: 'not-found' });
    return json(response, 200, {
      ...entry,
      leafIndex: state.log.entries.indexOf(entry.jws),
      receiverKid: state.log.signer.kid,
    });
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { error: String(error) });
      else response.destroy();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return state;
}
