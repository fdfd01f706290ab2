import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The page loads Assent as a classic script, as a site without a bundler would: this serves the
// package's IIFE at /assent.iife.js in dev and copies it into the build.
const iife = fileURLToPath(import.meta.resolve('assent/assent.iife.js'));

export default defineConfig({
  publicDir: '../shared',
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
  plugins: [
    {
      name: 'assent-iife',
      configureServer(server) {
        server.middlewares.use('/assent.iife.js', (_request, response) => {
          response.setHeader('Content-Type', 'text/javascript');
          response.end(readFileSync(iife));
        });
      },
      generateBundle() {
        this.emitFile({ type: 'asset', fileName: 'assent.iife.js', source: readFileSync(iife) });
      },
    },
  ],
});
