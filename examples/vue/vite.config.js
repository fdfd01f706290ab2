import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: '../shared',
  // `assent` is linked from the repository (file:../..): one copy of each shared library.
  resolve: { dedupe: ['vue', 'lit'] },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
  plugins: [
    vue({
      // Assent's tags are custom elements, not Vue components.
      template: {
        compilerOptions: {
          isCustomElement: (tag) =>
            tag.startsWith('agreement-') ||
            ['consent-checkbox', 'policy-document', 'privacy-banner', 'cookie-manager'].includes(tag),
        },
      },
    }),
  ],
});
