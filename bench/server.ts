/** The harness server: the repository root on loopback, uncached, with some URLs served from other files. */
import { createReadStream } from 'node:fs';
import { serveStatic, type StaticServer } from '../test/support/static-server.js';

/** `overrides` maps a URL path (e.g. `/dist/assent.iife.js`) to the file served in its place; read at each request. */
export function serveBench(root: string, overrides: Record<string, string> = {}): Promise<StaticServer> {
  return serveStatic(root, { 'Cache-Control': 'no-store' }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // `?raw` asks for the file itself, never its stand-in.
    const file = url.searchParams.has('raw') ? undefined : overrides[url.pathname];
    if (!file) return false;
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
    return true;
  });
}
