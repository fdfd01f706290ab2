/**
 * A minimal HTTP/1.1 load generator for the receiver benchmark: keep-alive connections over
 * node:net, each with one request in flight (closed loop, like autocannon's default), requests
 * written as prepared bytes and answers parsed only as far as the status line and Content-Length.
 * It shares the 2 cores with the receiver, so it is kept cheap: autocannon spent 110–300 µs of CPU
 * per request here, this spends a fraction of that (the benchmark prints its own share).
 */
import { connect, type Socket } from 'node:net';

export interface LoadOptions {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  connections: number;
  seconds: number;
  /** The n-th request's bytes (request line, headers and body). */
  request: (n: number) => Buffer;
}

export interface LoadResult {
  /** Seconds from the first request to the last answer. */
  duration: number;
  requests: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Connections that failed or closed while a request was in flight. */
  errors: number;
  latencyMs: { p50: number; p99: number; max: number };
}

/** A request's bytes: `Host` and `Content-Length` filled in. */
export function httpRequest(
  method: string,
  origin: string,
  path: string,
  headers: Record<string, string> = {},
  body = '',
): Buffer {
  const { host } = new URL(origin);
  let head = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  if (body || method === 'POST') head += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
  return Buffer.from(`${head}\r\n${body}`, 'latin1');
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;

export function load(options: LoadOptions): Promise<LoadResult> {
  const { port, hostname } = new URL(options.origin);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let lastAnswer = started;

  const runConnection = () =>
    new Promise<void>((resolve) => {
      let socket: Socket;
      let pending: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      let inFlight = false;
      const next = () => {
        if (performance.now() >= deadline) {
          socket.end();
          return;
        }
        inFlight = true;
        sentAt = performance.now();
        socket.write(options.request(sent++));
      };
      const open = () => {
        socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
        socket.setNoDelay(true);
        socket.on('connect', next);
        socket.on('data', (chunk: Buffer) => {
          pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
          for (;;) {
            const end = pending.indexOf(HEADER_END);
            if (end === -1) return;
            const head = pending.toString('latin1', 0, end);
            const length = Number(CONTENT_LENGTH.exec(head)?.[1] ?? 0);
            if (pending.length < end + 4 + length) return;
            const status = head.slice(9, 12);
            statuses[status] = (statuses[status] ?? 0) + 1;
            const now = performance.now();
            latencies.push(now - sentAt);
            lastAnswer = now;
            pending = pending.subarray(end + 4 + length);
            inFlight = false;
            next();
          }
        });
        socket.on('error', () => {});
        socket.on('close', () => {
          if (inFlight) {
            // The receiver closed the connection under a request: count it, and carry on on a new one.
            errors++;
            inFlight = false;
            pending = Buffer.alloc(0);
            if (performance.now() < deadline) return open();
          }
          resolve();
        });
      };
      open();
    });

  return Promise.all(Array.from({ length: options.connections }, runConnection)).then(() => {
    const sorted = Float64Array.from(latencies).sort();
    const at = (q: number) =>
      sorted.length
        ? Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1))
        : 0;
    return {
      duration: Number(((lastAnswer - started) / 1000).toFixed(2)),
      requests: latencies.length,
      statuses,
      errors,
      latencyMs: { p50: at(0.5), p99: at(0.99), max: at(1) },
    };
  });
}
