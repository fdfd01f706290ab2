/**
 * Client input never causes a 5xx: a seeded generator sends 10,000+ malformed, oversized, slow, badly
 * encoded and hostile requests to a real receiver on 127.0.0.1 and expects only 4xx (2xx for the valid
 * receipts among them), a receiver that still answers afterwards, and every valid receipt stored once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NodeSigner } from '../support/mint.js';
import { startReceiver, type RunningReceiver } from '../../src/receiver/server.js';
import { base64urlEncode } from '../../src/receipt/base64url.js';

const READ_TOKEN = 'fuzz-read-token';
const TOTAL = Number(process.env.FUZZ_TOTAL ?? 10_000);
const CONCURRENCY = 24;
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with FUZZ_SEED. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Send the body in small pieces with pauses (a slow but finishing client). */
  slow?: boolean;
  /** Written as raw bytes on a fresh socket: what node:http's client refuses to send. */
  raw?: Buffer;
  /** A valid receipt: 2xx expected, stored once. */
  valid?: string;
}

function sendHttp(port: number, agent: Agent, sent: Case): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, method: sent.method, path: sent.path, headers: sent.headers, agent },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode!));
        response.on('error', reject);
      },
    );
    // The receiver closes the connection after refusing an oversized body; the answer already came.
    request.on('error', reject);
    if (!sent.body) return void request.end();
    if (!sent.slow) return void request.end(sent.body);
    let offset = 0;
    const drip = () => {
      if (offset >= sent.body!.length) return void request.end();
      request.write(sent.body!.subarray(offset, offset + 64));
      offset += 64;
      setTimeout(drip, 5);
    };
    drip();
  });
}

/** Raw bytes on a fresh socket; the status of the first answer, or 0 when the socket closed without one. */
function sendRaw(port: number, bytes: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      if (match) {
        resolve(Number(match[1]));
        socket.destroy();
      }
    });
    socket.on('error', () => resolve(0));
    socket.on('close', () => resolve(0));
    socket.end(bytes);
  });
}

/** The payload `signer` would sign next, leaving its chain where it was (the result is never stored). */
function peek(signer: NodeSigner) {
  const { seq, prev } = signer;
  const { payload } = signer.next();
  Object.assign(signer, { seq, prev });
  return payload;
}

const b64 = (text: string | Buffer) => base64urlEncode(typeof text === 'string' ? Buffer.from(text) : text);

describe('receiver fuzz: no 5xx for any client input', () => {
  let dir: string;
  let receiver: RunningReceiver;
  const signers = Array.from({ length: 8 }, () => new NodeSigner());

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'assent-fuzz-'));
    receiver = await startReceiver({
      port: 0,
      dataDir: dir,
      readToken: READ_TOKEN,
      cors: ['https://shop.example'],
    });
  });
  after(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`answers ${TOTAL} hostile requests with 4xx (2xx for valid ones) and stores each valid receipt once`, async () => {
    const random = prng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const int = (max: number) => Math.floor(random() * max);
    const host = `127.0.0.1:${receiver.port}`;
    const jose = { Host: host, 'Content-Type': 'application/jose' };
    const validJws: string[] = [];
    const someValid = () => (validJws.length > 0 ? pick(validJws) : signers[0]!.next().jws);
    const hostileStrings = [
      '__proto__',
      'constructor',
      'prototype',
      '..%2F..%2Fetc%2Fpasswd',
      '../../etc/passwd',
      '%2e%2e%2f%2e%2e%2f',
      '%ff%fe',
      '%',
      '%E0%A4%A',
      '%00',
      '%C0%AF',
      'a'.repeat(5000),
      '😀',
      '\u202e',
      'null',
      '-1',
      '1e400',
      'NaN',
      'Infinity',
      '0x10',
      '9'.repeat(40),
      ' 1',
      '1.5',
      '',
    ];
    const payloadValue = () =>
      pick<unknown>([
        null,
        -1,
        1e308,
        'x'.repeat(int(300)),
        { __proto__: { polluted: true } },
        JSON.parse('{"__proto__":{"polluted":true}}'),
        [],
        [[[[[]]]]],
        true,
      ]);

    const generators: Array<() => Case> = [
      // A valid receipt, sometimes sent again (a duplicate must answer 200, not store twice).
      () => {
        const jws = random() < 0.3 && validJws.length > 0 ? pick(validJws) : pick(signers).next().jws;
        validJws.push(jws);
        return {
          kind: 'valid',
          method: 'POST',
          path: '/api/receipts',
          headers: jose,
          body: Buffer.from(jws),
          valid: jws,
        };
      },
      // Bad JSON inside well-formed base64url parts.
      () => {
        const parts = [
          pick(['{', '{"alg":"ES256"', 'null', '[]', '{"alg":1}', '{"a":"\\ud800"}']),
          pick(['{', '"x"', '{"id":']),
          'sig',
        ];
        return {
          kind: 'bad-json',
          method: 'POST',
          path: '/api/receipts',
          headers: jose,
          body: Buffer.from(parts.map(b64).join('.')),
        };
      },
      // Signed payloads with hostile fields and `__proto__` keys: signature valid, schema not.
      () => {
        const payload = peek(pick(signers));
        const text = JSON.stringify({
          ...payload,
          [pick(['__proto__', 'constructor', 'id', 'seq', 'documents', 'decision'])]: payloadValue(),
        });
        const hostile = JSON.parse(text.replace('"constructor"', '"__proto__"')) as unknown;
        return {
          kind: 'hostile-payload',
          method: 'POST',
          path: '/api/receipts',
          headers: jose,
          body: Buffer.from(
            pick(signers).signRaw(hostile, random() < 0.3 ? { __proto__: { alg: 'none' } } : {}),
          ),
        };
      },
      // Truncated and forged JWS.
      () => {
        const jws = someValid();
        const forged =
          random() < 0.5
            ? jws.slice(0, int(jws.length))
            : jws.slice(0, int(jws.length)) +
              pick(['A', '.', '-', '_', '=', '..', '+/']) +
              jws.slice(int(jws.length));
        return {
          kind: 'forged-jws',
          method: 'POST',
          path: '/api/receipts',
          headers: jose,
          body: Buffer.from(forged),
        };
      },
      // alg: none, odd algs, missing or odd header keys.
      () => {
        const header = pick<Record<string, unknown>>([
          { alg: 'none' },
          { alg: 'HS256' },
          { alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' } },
          { alg: 'ES256', jwk: '__proto__' },
          { alg: 'ES256', jwk: { kty: 'RSA' }, kid: 1 },
          { alg: 'ES256', crit: ['b64'], b64: false },
        ]);
        const body = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(peek(pick(signers))))}.${b64(randomBytes(int(80)))}`;
        return {
          kind: 'odd-header',
          method: 'POST',
          path: '/api/receipts',
          headers: jose,
          body: Buffer.from(body),
        };
      },
      // Random bytes and invalid UTF-8 bodies.
      () => ({
        kind: 'random-body',
        method: 'POST',
        path: '/api/receipts',
        headers: jose,
        body: pick([
          randomBytes(int(2000)),
          Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]),
          Buffer.from('\u0000'.repeat(int(50))),
        ]),
      }),
      // Wrong and odd content types.
      () => ({
        kind: 'content-type',
        method: 'POST',
        path: '/api/receipts',
        headers: {
          Host: host,
          'Content-Type': pick([
            'application/json',
            'text/plain',
            'multipart/form-data; boundary=x',
            'application/jose; charset=\u00ff',
            'APPLICATION/JOSE',
            ';;;',
            'application/jose+json',
            'application/x-www-form-urlencoded',
          ]),
        },
        body: Buffer.from(random() < 0.5 ? someValid() : '{"__proto__":{"polluted":true}}'),
      }),
      // Oversized bodies (answered 413 and the connection closed) and lying Content-Length.
      () => ({
        kind: 'oversized',
        method: 'POST',
        path: '/api/receipts',
        headers: jose,
        body: Buffer.alloc(64 * 1024 + 1 + int(20_000), 0x41),
      }),
      // Badly encoded: a claimed content encoding the receiver does not speak.
      () => ({
        kind: 'encoding',
        method: 'POST',
        path: '/api/receipts',
        headers: { ...jose, 'Content-Encoding': pick(['gzip', 'br', 'deflate', 'x-unknown']) },
        body: random() < 0.5 ? randomBytes(int(300)) : Buffer.from(someValid()),
      }),
      // Slow but finishing bodies.
      () => ({
        kind: 'slow',
        method: 'POST',
        path: '/api/receipts',
        headers: jose,
        body: Buffer.from(`${someValid()}x`),
        slow: true,
      }),
      // Path traversal and hostile ids on the read and proof routes, with and without a token.
      () => {
        const id = pick(hostileStrings);
        const path = pick([
          `/api/receipts/${id}`,
          `/api/receipts/${id}/proof`,
          `/api/receipts/${id}/../../x`,
          `/api/${id}`,
          `/${id}`,
          `/api/receipts/${id}?format=${pick(hostileStrings)}`,
        ]);
        const headers: Record<string, string> = { Host: host };
        if (random() < 0.6) headers.Authorization = `Bearer ${READ_TOKEN}`;
        return {
          kind: 'path',
          method: 'GET',
          path: path.replace(/[^\x21-\x7e]/gu, (char) => encodeURIComponent(char)),
          headers,
        };
      },
      // Bad query parameters for the log and list endpoints.
      () => {
        const value = () => encodeURIComponent(pick(hostileStrings));
        const path = pick([
          `/api/log/consistency?first=${value()}&second=${value()}`,
          `/api/log/consistency?first=${value()}`,
          `/api/log/consistency?first=0&second=${value()}&second=2`,
          `/api/log/tree-head?${value()}=${value()}`,
          `/api/receipts/${encodeURIComponent(someValid().slice(0, 10))}/proof?treeSize=${value()}`,
          `/api/receipts?limit=${value()}&offset=${value()}`,
        ]);
        return {
          kind: 'query',
          method: 'GET',
          path,
          headers: { Host: host, Authorization: `Bearer ${READ_TOKEN}` },
        };
      },
      // Hostile headers: Host, Authorization, Origin, Idempotency-Key, Assent-Known-Tree-Size.
      () => {
        const headers: Record<string, string> = { ...jose };
        const which = int(6);
        if (which === 0)
          headers.Host = pick([
            'evil.example',
            `127.0.0.1.evil.example:${receiver.port}`,
            '[::1',
            ':',
            'a'.repeat(300),
          ]);
        if (which === 1)
          headers.Authorization = pick([
            'Bearer',
            'Bearer  ',
            `Bearer ${'x'.repeat(4000)}`,
            'Basic Og==',
            `bearer ${READ_TOKEN} extra`,
          ]);
        if (which === 2) headers.Origin = pick(['null', 'https://evil.example', '*', 'https://shop.example']);
        if (which === 3)
          headers['Idempotency-Key'] = pick(hostileStrings.filter((text) => !/[^\x20-\x7e]/.test(text)));
        if (which === 4)
          headers['Assent-Known-Tree-Size'] = pick([
            '-1',
            '1e400',
            '99999999999999999999',
            'abc',
            '0',
            '18446744073709551616',
          ]);
        if (which === 5) headers['Content-Length'] = String(int(10)); // shorter than the body: node sends the rest as a new request
        const body = Buffer.from(someValid());
        return which === 5
          ? { kind: 'headers', method: 'GET', path: '/api/log/tree-head', headers: { Host: host } }
          : {
              kind: 'headers',
              method: random() < 0.7 ? 'POST' : 'GET',
              path: '/api/receipts',
              headers,
              body,
            };
      },
      // Odd methods.
      () => ({
        kind: 'method',
        method: pick(['PUT', 'DELETE', 'PATCH', 'TRACE', 'PROPFIND', 'OPTIONS', 'HEAD', 'CONNECT_X']),
        path: pick([
          '/api/receipts',
          '/api/receipts/x',
          '/api/log/tree-head',
          '/api/log/consistency?first=0&second=0',
        ]),
        headers: {
          Host: host,
          Origin: pick(['https://shop.example', 'https://evil.example']),
          'Access-Control-Request-Headers': 'x'.repeat(int(50)),
        },
      }),
      // Raw: huge headers, broken request lines, bad chunked encoding, invalid header bytes.
      () => {
        const lines = pick([
          `GET /api/log/tree-head HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(20_000 + int(80_000))}\r\n\r\n`,
          `POST /api/receipts HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/jose\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
          `POST /api/receipts HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/jose\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
          `GET /api/receipts/\u00ff\u00fe HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${READ_TOKEN}\r\n\r\n`,
          `GET /api/receipts/%ff HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer \u00ff\u0000\r\n\r\n`,
          `BREW /api/receipts HTCPCP/1.0\r\n\r\n`,
          `GET ${'/'.repeat(int(20_000))} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
          `POST /api/receipts HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/jose\r\nContent-Length: -1\r\n\r\n`,
          `POST /api/receipts HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/jose\r\nContent-Length: 1e400\r\n\r\n`,
          `GET /api/log/tree-head HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example\r\n\r\n`,
          `GET /api/log/tree-head HTTP/1.1\r\n\r\n`,
          `GET http://evil.example/api/log/tree-head HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
          `GET /api/log/tree-head HTTP/1.1\r\nHost: ${host}\r\nX: a\nb\r\n\r\n`,
        ]);
        return { kind: 'raw', method: '', path: '', headers: {}, raw: Buffer.from(lines, 'latin1') };
      },
    ];

    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const failures: string[] = [];
    const counts = new Map<string, Map<number, number>>();
    const created = new Set<string>();
    const timeByKind = new Map<string, number>();
    let next = 0;
    async function worker() {
      while (next < TOTAL) {
        next += 1;
        // Slow and raw ones are rarer: they cost time, not coverage.
        let sent = pick(generators)();
        while ((sent.slow && random() < 0.9) || (sent.raw && random() < 0.7)) sent = pick(generators)();
        let status: number;
        const started = performance.now();
        try {
          status = sent.raw
            ? await sendRaw(receiver.port, sent.raw)
            : await sendHttp(receiver.port, agent, sent);
        } catch (error) {
          // A connection the receiver closed while the client was still writing (oversized bodies).
          status = sent.kind === 'oversized' ? 413 : -1;
          if (status === -1)
            failures.push(`${sent.kind} ${sent.method} ${sent.path.slice(0, 80)}: ${String(error)}`);
        }
        timeByKind.set(sent.kind, (timeByKind.get(sent.kind) ?? 0) + performance.now() - started);
        const byStatus = counts.get(sent.kind) ?? new Map<number, number>();
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        counts.set(sent.kind, byStatus);
        // Some hostile payloads are valid receipts after all (e.g. `documents: []`): 201 once, never twice.
        if (status === 201) {
          const text = sent.body!.toString('latin1');
          if (created.has(text)) failures.push(`${sent.kind}: stored twice`);
          created.add(text);
        }
        const expected = sent.valid
          ? status === 200 || status === 201
          : (status >= 400 && status < 500) || (status >= 200 && status < 300) || status === 0;
        if (!expected || status >= 500)
          failures.push(`${sent.kind} ${sent.method} ${sent.path.slice(0, 80)} → ${status}`);
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();
    if (process.env.FUZZ_TIMES) console.log(timeByKind);

    const summary = [...counts]
      .map(([kind, byStatus]) => `${kind}: ${[...byStatus].map(([s, n]) => `${s}×${n}`).join(' ')}`)
      .join('\n');
    assert.deepEqual(failures.slice(0, 20), [], `unexpected answers (seed ${SEED}):\n${summary}`);
    assert.ok(next >= TOTAL);
    // Raw answers without a status line (socket closed) are only allowed for a minority of raw cases.
    const raw0 = counts.get('raw')?.get(0) ?? 0;
    assert.ok(
      raw0 <= (counts.get('raw') ? [...counts.get('raw')!.values()].reduce((a, b) => a + b) / 2 : 0),
      summary,
    );

    // Still answering, and every valid receipt stored exactly once.
    const head = await fetch(`${receiver.url}/api/log/tree-head`);
    assert.equal(head.status, 200);
    assert.equal(await receiver.store.count(), created.size);
    for (const jws of validJws) assert.ok(created.has(jws), 'every valid receipt was created once');
    const { treeSize } = (await head.json()) as { treeSize: number };
    assert.equal(treeSize, created.size);
  });
});
