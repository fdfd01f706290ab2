import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const demoRoot = import.meta.dirname;
const projectRoot = resolve(demoRoot, '..');

/** The placeholder pages write where a per-response nonce goes (`<script nonce="__CSP_NONCE__">`). */
export const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/** The demo's Content-Security-Policy: no inline script or style without the response's nonce. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
    "require-trusted-types-for 'script'",
    "trusted-types assent lit-html dompurify vite-dev 'allow-duplicates'",
  ].join('; ');
}

/**
 * Serves every response under a strict CSP with a fresh nonce, written into the HTML wherever the
 * placeholder stands (Vite adds it to the scripts and styles it injects through `html.cspNonce`).
 */
function strictCsp(): Plugin {
  return {
    name: 'assent-strict-csp',
    configureServer(server) {
      server.middlewares.use((_req, res, next) => {
        const nonce = randomBytes(16).toString('base64');
        res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce));
        const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
        res.end = ((chunk?: unknown, ...rest: unknown[]) => {
          const type = String(res.getHeader('Content-Type') ?? '');
          if (chunk && type.includes('text/html')) {
            const html = String(chunk).replaceAll(NONCE_PLACEHOLDER, nonce);
            res.setHeader('Content-Length', Buffer.byteLength(html));
            return end(html, ...rest);
          }
          return end(chunk, ...rest);
        }) as typeof res.end;
        next();
      });
    },
  };
}

const pages = readdirSync(demoRoot).filter((name) => name.endsWith('.html'));
const receiverPort = Number(process.env.RECEIVER_PORT ?? 8787);
/** The demo's own pages read receipts with the read token, added here on the server side. */
const readToken = process.env.ASSENT_READ_TOKEN;

export default defineConfig({
  root: demoRoot,
  define: { __ASSENT_VERSION__: JSON.stringify('demo') },
  html: { cspNonce: NONCE_PLACEHOLDER },
  plugins: [strictCsp()],
  server: {
    host: '127.0.0.1',
    port: Number(process.env.PORT ?? 5173),
    strictPort: true,
    fs: { allow: [projectRoot] },
    proxy: {
      '/api': {
        target: `http://127.0.0.1:${receiverPort}`,
        changeOrigin: false,
        headers: readToken ? { Authorization: `Bearer ${readToken}` } : {},
      },
    },
  },
  build: {
    outDir: resolve(projectRoot, 'dist/demo'),
    emptyOutDir: true,
    rolldownOptions: { input: Object.fromEntries(pages.map((page) => [page, resolve(demoRoot, page)])) },
  },
});
