import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';

const root = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };
const define = { __ASSENT_VERSION__: JSON.stringify(pkg.version) };

/** ESM entry points: `index`, one per element (its define file), and the non-element modules. */
const esmEntries: Record<string, string> = Object.fromEntries(
  Object.entries({
    index: 'src/index.ts',
    'agreement-dialog': 'src/elements/agreement-dialog/agreement-dialog.define.ts',
    'consent-checkbox': 'src/elements/consent-checkbox/consent-checkbox.define.ts',
    'privacy-banner': 'src/elements/privacy-banner/privacy-banner.define.ts',
    'cookie-manager': 'src/elements/cookie-manager/cookie-manager.define.ts',
    'policy-document': 'src/elements/policy-document/policy-document.define.ts',
    'consent-history': 'src/elements/consent-history/consent-history.define.ts',
    document: 'src/document/index.ts',
    verify: 'src/verify/index.ts',
    react: 'src/react/index.ts',
  })
    .filter(([, file]) => existsSync(resolve(root, file)))
    .map(([name, file]) => [name, resolve(root, file)]),
);

/**
 * Left to the host's bundler in ESM use, so a page never carries two copies of what hosts share (Lit,
 * i18next, floating-ui, React and @lit/react for `assent/react`). The parser's own libraries (markdown-it, DOMPurify, idb, the hash) are bundled
 * into the lazily loaded chunks instead, so `npm install assent` stays small (test/package/install).
 */
const peerModules = /^(lit|@lit\/|lit-html|lit-element|i18next|@floating-ui\/|react$|react\/)/;

/** Stands in for `import()` in the banner script's sources (see `dropDynamicImports`). */
const DROPPED_IMPORT = '__assentDroppedImport';

/**
 * For `assent-banner.iife.js`: its `import()` calls are all behind `SCRIPT_EXTRAS` and so dead, but
 * the bundler plans an IIFE's lazy-init wrappers from the `import()` it sees before dead code goes,
 * wrapping every module they share with the banner (43 wrappers, 1.5 kB min). Renamed before bundling,
 * they are plain dead calls; one that survives into the output was not behind the flag: the build fails.
 */
function dropDynamicImports(): Plugin {
  return {
    name: 'assent-drop-dynamic-imports',
    transform(code, id) {
      if (!id.startsWith(resolve(root, 'src')) || !code.includes('import(')) return null;
      const out = code.replace(/\bimport\((?=\s*['"])/g, `${DROPPED_IMPORT}(`);
      return out === code ? null : { code: out, map: null };
    },
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle))
        if (output.type === 'chunk' && output.code.includes(DROPPED_IMPORT))
          this.error(`an import() outside a SCRIPT_EXTRAS branch reached ${output.fileName}`);
    },
  };
}

function iife(entry: string, fileName: string, name = 'Assent', split = false): UserConfig {
  return {
    // The banner script leaves its later half to the extras script (src/internal/extras.ts).
    define: { ...define, __ASSENT_BANNER_SPLIT__: JSON.stringify(split) },
    // Lit `html`/`css` literals keep their source whitespace otherwise (-0.6 kB gzip on the banner).
    plugins: [
      minifyTemplateLiterals({ include: ['src/**/*.ts'], failOnError: true }),
      ...(split ? [dropDynamicImports()] : []),
    ],
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      lib: { entry: resolve(root, entry), name, formats: ['iife'], fileName: () => fileName },
    },
  };
}

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'iife') return iife('src/iife/full.ts', 'assent.iife.js');
  if (mode === 'iife-banner') return iife('src/iife/banner.ts', 'assent-banner.iife.js', 'Assent', true);
  if (mode === 'iife-banner-extras')
    return iife('src/iife/banner-extras.ts', 'assent-banner-extras.iife.js', 'AssentBannerExtras');
  return {
    define,
    build: {
      outDir: 'dist/esm',
      emptyOutDir: true,
      target: 'es2022',
      // Minified like the IIFEs: hosts' bundlers minify again, and the installed package stays under 5 MB.
      minify: true,
      sourcemap: true,
      lib: { entry: esmEntries, formats: ['es'], fileName: (_format, name) => `${name}.js` },
      rolldownOptions: {
        external: (id: string) => peerModules.test(id) || id.startsWith('node:'),
        // JSDoc lives in dist/types; in the shipped JavaScript it only weighs (bundled markdown-it's
        // alone is ~100 kB). Licence comments and bundler annotations stay.
        output: {
          chunkFileNames: 'chunks/[name]-[hash].js',
          comments: { legal: true, annotation: true, jsdoc: false },
          // Vite leaves whitespace in ES libraries (`codegen: false`); its pure annotations survive a
          // full minify (kept above), so hosts' bundlers still tree-shake.
          minify: true,
        },
      },
    },
  };
});
