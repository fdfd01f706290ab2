import { defineConfig } from 'vite';

export default defineConfig({
  define: { __ASSENT_VERSION__: JSON.stringify('storybook') },
});
