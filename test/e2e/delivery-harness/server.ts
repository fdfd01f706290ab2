/**
 * Serves the harness page and sits in front of the real receiver as a fault-injecting proxy:
 * `/api/receipts` is forwarded, answered 500, held past the client's timeout (after forwarding, so
 * the receiver stored it but the acknowledgement is lost), or answered 502 when the receiver is down.
 * It counts what it sees per receipt id, including how many sends of one id were in flight at once.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export type FaultMode = 'pass' | 'error500' | 'hang' | 'flaky';

export interface ProxyStats {
  sends: Map<string, number>;
  /** Status codes the receiver answered (through the proxy), per code. */
  receiverStatus: Map<number, number>;
  inFlight: Map<string, number>;
  /** Highest number of simultaneous sends of one id seen while `trackOverlap` was on. */
  maxOverlap: number;
  /** Answers withheld on purpose (`hang`: stored upstream, acknowledgement lost). */
  withheld: number;
  /** Sends whose upstream connection failed (receiver stopped): it may have stored before it went. */
  upstreamLost: number;
  /** Requests whose connection closed before an answer (withheld, or the page gave up or went away). */
  unanswered: number;
}

export interface HarnessServer {
  url: string;
  port: number;
  stats: ProxyStats;
  mode: FaultMode;
  /** Probability of a 500 in `flaky` mode. */
  flakyRate: number;
  trackOverlap: boolean;
  receiverUrl: string;
  /** Requests currently held open by `hang`. */
  held(): number;
  close(): Promise<void>;
}

/** How long `hang` holds an answer: longer than the page's 800 ms timeout, shorter than forever. */
const HOLD_MS = 2500;

const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>delivery harness</title>
<script src="/harness.js"></script></head><body><p>delivery harness</p></body></html>`;

export async function bundleHarness(entry = './page.ts'): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export async function startHarnessServer(receiverUrl: string): Promise<HarnessServer> {
  const [script, copyScript] = await Promise.all([bundleHarness(), bundleHarness('./copy.ts')]);
  const heldResponses = new Set<ServerResponse>();
  const stats: ProxyStats = {
    sends: new Map(),
    receiverStatus: new Map(),
    inFlight: new Map(),
    maxOverlap: 0,
    withheld: 0,
    upstreamLost: 0,
    unanswered: 0,
  };

  const state = {
    mode: 'pass' as FaultMode,
    flakyRate: 0.3,
    trackOverlap: false,
    receiverUrl,
  };

  const corsHeaders = (request: IncomingMessage): Record<string, string> =>
    request.headers.origin === 'null'
      ? {
          'Access-Control-Allow-Origin': 'null',
          'Access-Control-Allow-Headers': 'content-type, idempotency-key, assent-known-tree-size',
          'Access-Control-Allow-Methods': 'POST',
        }
      : {};

  function forward(
    request: IncomingMessage,
    body: Buffer,
    onAnswer: (status: number, text: Buffer) => void,
    onError: () => void,
  ) {
    const upstream = httpRequest(
      `${state.receiverUrl}/api/receipts`,
      {
        method: 'POST',
        headers: {
          'content-type': request.headers['content-type'] ?? '',
          'idempotency-key': String(request.headers['idempotency-key'] ?? ''),
          // The browser checks the receiver's log against the last head it saw: pass its size on.
          ...(request.headers['assent-known-tree-size'] === undefined
            ? {}
            : { 'assent-known-tree-size': String(request.headers['assent-known-tree-size']) }),
        },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          stats.receiverStatus.set(
            answer.statusCode!,
            (stats.receiverStatus.get(answer.statusCode!) ?? 0) + 1,
          );
          onAnswer(answer.statusCode!, Buffer.concat(chunks));
        });
      },
    );
    upstream.on('error', onError);
    upstream.end(body);
  }

  async function receipts(request: IncomingMessage, response: ServerResponse) {
    const cors = corsHeaders(request);
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const id = String(request.headers['idempotency-key'] ?? '');
    stats.sends.set(id, (stats.sends.get(id) ?? 0) + 1);
    const overlap = (stats.inFlight.get(id) ?? 0) + 1;
    stats.inFlight.set(id, overlap);
    if (state.trackOverlap) stats.maxOverlap = Math.max(stats.maxOverlap, overlap);
    let finished = false;
    // A withheld answer is counted once, as withheld, however its connection ends.
    let withheld = false;
    const finish = (status: number, text: Buffer | string) => {
      if (finished) return;
      finished = true;
      stats.inFlight.set(id, (stats.inFlight.get(id) ?? 1) - 1);
      heldResponses.delete(response);
      if (response.destroyed) return;
      response.writeHead(status, { 'Content-Type': 'application/json', ...cors }).end(text);
    };
    response.on('close', () => {
      if (!finished && !withheld) stats.unanswered++;
      finish(499, '');
    });
    const mode =
      state.mode === 'flaky' ? (Math.random() < state.flakyRate ? 'error500' : 'pass') : state.mode;
    if (mode === 'error500') return finish(500, '{"error":"injected"}');
    forward(
      request,
      body,
      (status, text) => {
        // Lost acknowledgement: the receiver stored it, the browser does not hear back before its
        // timeout; like a real gateway, the proxy gives up after a while and drops the connection.
        if (mode === 'hang') {
          withheld = true;
          stats.withheld++;
          heldResponses.add(response);
          setTimeout(() => {
            heldResponses.delete(response);
            response.destroy();
          }, HOLD_MS).unref();
        } else finish(status, text);
      },
      () => {
        stats.upstreamLost++;
        finish(502, '{"error":"receiver down"}');
      },
    );
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://harness.invalid').pathname;
    if (path === '/api/receipts') return void receipts(request, response);
    if (path === '/harness.js' || path === '/harness-copy.js') {
      response
        .writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' })
        .end(path === '/harness.js' ? script : copyScript);
      return;
    }
    if (path === '/' || path === '/sandboxed' || path === '/two-copies') {
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': `script-src 'self'; object-src 'none'${path === '/sandboxed' ? '; sandbox allow-scripts' : ''}`,
      });
      response.end(
        path === '/two-copies'
          ? PAGE.replace('</head>', '<script src="/harness-copy.js"></script></head>')
          : PAGE,
      );
      return;
    }
    response.writeHead(404).end();
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    get mode() {
      return state.mode;
    },
    set mode(value: FaultMode) {
      state.mode = value;
    },
    get flakyRate() {
      return state.flakyRate;
    },
    set flakyRate(value: number) {
      state.flakyRate = value;
    },
    get trackOverlap() {
      return state.trackOverlap;
    },
    set trackOverlap(value: boolean) {
      state.trackOverlap = value;
    },
    get receiverUrl() {
      return state.receiverUrl;
    },
    set receiverUrl(value: string) {
      state.receiverUrl = value;
    },
    held: () => heldResponses.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of heldResponses) response.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
