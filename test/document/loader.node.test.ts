/** loadPolicy against a real HTTP server on loopback. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { loadPolicy, PolicyDocumentError } from '../../src/document/index.js';
import { installJsdom } from './corpus.js';

let server: Server;
let base = '';

const routes: Record<string, (res: import('node:http').ServerResponse) => void> = {
  '/terms.md': (res) => {
    res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' });
    res.end('# 用户协议\n\n## 一、总则\n\n__重要条款__请仔细阅读。见[隐私政策](privacy.html)。');
  },
  '/terms.txt': (res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('用户协议\n\n一、总则\n\n请仔细阅读本协议。');
  },
  '/privacy.html': (res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<h1>Privacy</h1><p>We <strong>never sell</strong> data. <a href="/contact">Contact</a></p>');
  },
  '/login-wall.md': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><html><body><form>Sign in</form></body></html>');
  },
  '/html-as-text.md': (res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('<!DOCTYPE html><html><body>Not found</body></html>');
  },
  '/image.png': (res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  },
  '/missing.md': (res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  },
  '/big.txt': (res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('政策'.repeat(100_000));
  },
  '/chunked-big.txt': (res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }); // no content-length: the limit applies while reading
    let sent = 0;
    const write = () => {
      if (sent++ >= 20) return res.end();
      res.write('x'.repeat(10_000));
      setTimeout(write, 1);
    };
    write();
  },
  '/slow.md': (res) => {
    const timer = setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/markdown' });
      res.end('# Late');
    }, 2000);
    res.on('close', () => clearTimeout(timer));
  },
  '/empty.txt': (res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('   \n');
  },
  '/binary.txt': (res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]));
  },
};

before(async () => {
  installJsdom();
  server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (route) route(res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PolicyDocumentError, String(error));
    return error.code;
  }
  return 'no error';
}

test('loads Markdown, text and HTML; format from the content type; relative links resolved', async () => {
  const terms = await loadPolicy(`${base}/terms.md`, { id: 'terms' });
  assert.equal(terms.format, 'markdown');
  assert.deepEqual(
    terms.toc.map((entry) => [entry.label, entry.text]),
    [
      ['', '用户协议'],
      ['一、', '总则'],
    ],
  );
  assert.deepEqual(
    terms.keyClauses.map((clause) => clause.text),
    ['重要条款'],
  );
  const paragraph = terms.blocks.find((block) => block.kind === 'paragraph');
  assert.ok(paragraph?.kind === 'paragraph');
  const link = paragraph.content.find((inline) => inline.kind === 'link');
  assert.ok(link?.kind === 'link');
  assert.equal(link.href, `${base}/privacy.html`);
  assert.equal(link.rel, 'noopener noreferrer');

  assert.equal((await loadPolicy(`${base}/terms.txt`)).format, 'text');
  const privacy = await loadPolicy(`${base}/privacy.html`);
  assert.equal(privacy.format, 'html');
  assert.equal(privacy.canonicalText, 'Privacy\nWe never sell data. Contact');
});

test('an HTML page where Markdown or text was declared is a content-type error', async () => {
  assert.equal(await errorCode(loadPolicy(`${base}/login-wall.md`, { format: 'markdown' })), 'content-type');
  assert.equal(
    await errorCode(loadPolicy(`${base}/html-as-text.md`, { format: 'markdown' })),
    'content-type',
  );
  assert.equal(await errorCode(loadPolicy(`${base}/privacy.html`, { format: 'text' })), 'content-type');
  assert.equal(await errorCode(loadPolicy(`${base}/image.png`)), 'content-type');
});

test('HTTP errors, unreachable hosts, timeouts and cancellation', async () => {
  assert.equal(await errorCode(loadPolicy(`${base}/missing.md`)), 'fetch-failed');
  assert.equal(await errorCode(loadPolicy('http://127.0.0.1:9/nothing.md')), 'fetch-failed');
  assert.equal(await errorCode(loadPolicy(`${base}/slow.md`, { timeoutMs: 100 })), 'timeout');
  const controller = new AbortController();
  const pending = loadPolicy(`${base}/slow.md`, { signal: controller.signal });
  controller.abort();
  assert.equal(await errorCode(pending), 'aborted');
});

test('size limits apply to the declared length and to what is actually read', async () => {
  assert.equal(await errorCode(loadPolicy(`${base}/big.txt`, { maxBytes: 1000 })), 'too-large');
  assert.equal(await errorCode(loadPolicy(`${base}/chunked-big.txt`, { maxBytes: 50_000 })), 'too-large');
  assert.equal(
    (await loadPolicy(`${base}/chunked-big.txt`, { maxBytes: 500_000 })).canonicalText.length,
    200_000,
  );
});

test('empty and binary responses', async () => {
  assert.equal(await errorCode(loadPolicy(`${base}/empty.txt`)), 'empty');
  assert.equal(await errorCode(loadPolicy(`${base}/binary.txt`)), 'binary');
});
