import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: '../shared',
  // `assent` is linked from the repository (file:../..): one copy of each shared library.
  resolve: { dedupe: ['react', 'react-dom', '@lit/react', 'lit'] },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
  plugins: [react()],
});
