/**
 * Bytes on the wire: min, gzip and brotli of Assent's IIFEs and of the agreement path, each also
 * with Lit and i18next subtracted (their own IIFE sizes, built with esbuild in the same run), and each
 * peer's distributed JS + CSS, as a site would load it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { esbuildIife, type SourceBundles } from './source-build.js';

export interface Sizes {
  min: number;
  gzip: number;
  brotli: number;
}

export interface ByteRow {
  name: string;
  /** Files counted, relative to the repository root (or the virtual entry for esbuild builds). */
  files: string[];
  /** Undefined when the bundle is not there (not built, does not build, package missing). */
  total?: Sizes;
  /** What Lit and i18next weigh inside it were subtracted (only those found in the bundle). */
  own?: Sizes;
  contains?: { lit: boolean; i18next: boolean };
  /** Which of Assent's elements the bundle defines. */
  defines?: string[];
  /** For the banner path's scripts: `before paint` (every visitor) or `later` (after a choice, on Customise…). */
  load?: 'before paint' | 'later';
  /** For the paths built from src/: minified bytes per package or src/ layer, largest first. */
  composition?: { part: string; bytes: number }[];
  note?: string;
}

export interface BytesResult {
  assent: ByteRow[];
  libraries: ByteRow[];
  peers: ByteRow[];
}

/** Same settings as scripts/size.mjs: gzip level 9, brotli quality 11. */
export function sizes(bytes: Uint8Array): Sizes {
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

function add(a: Sizes, b: Sizes): Sizes {
  return { min: a.min + b.min, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli };
}

function subtract(a: Sizes, b: Sizes): Sizes {
  return { min: a.min - b.min, gzip: a.gzip - b.gzip, brotli: a.brotli - b.brotli };
}

const ZERO: Sizes = { min: 0, gzip: 0, brotli: 0 };

/** Markers each library leaves in any bundle that includes it (version registries, logger prefix). */
const LIT_MARKER = 'litHtmlVersions';
const I18NEXT_MARKER = /i18next\/PATH_KEY|"i18next:"/;

function assentRow(
  name: string,
  files: string[],
  bytes: Uint8Array,
  lit: Sizes,
  i18next: Sizes,
  note?: string,
): ByteRow {
  const text = Buffer.from(bytes).toString('utf8');
  const contains = { lit: text.includes(LIT_MARKER), i18next: I18NEXT_MARKER.test(text) };
  const total = sizes(bytes);
  const own = subtract(subtract(total, contains.lit ? lit : ZERO), contains.i18next ? i18next : ZERO);
  return { name, files, total, own, contains, ...(note ? { note } : {}) };
}

function filesRow(root: string, name: string, files: string[], note?: string): ByteRow {
  const present = files.filter((file) => existsSync(join(root, file)));
  if (present.length !== files.length) {
    const missing = files.filter((file) => !present.includes(file));
    return { name, files, note: `missing: ${missing.join(', ')}` };
  }
  const total = present.map((file) => sizes(readFileSync(join(root, file)))).reduce(add, ZERO);
  return { name, files, total, ...(note ? { note } : {}) };
}

export async function measureBytes(
  root: string,
  source: SourceBundles,
  /** Elements each dist/ bundle registers when run (bench/main.ts finds out in Chromium). */
  defined: Record<string, string[]> = {},
): Promise<BytesResult> {
  const lit = sizes(await esbuildIife(root, "export * from 'lit';", 'lit'));
  const i18next = sizes(await esbuildIife(root, "export { default } from 'i18next';", 'i18next'));
  const libraries: ByteRow[] = [
    { name: 'Lit 3 (all exports, esbuild IIFE)', files: ['lit'], total: lit },
    { name: 'i18next (esbuild IIFE)', files: ['i18next'], total: i18next },
  ];

  const assent: ByteRow[] = [];
  for (const [name, file, load] of [
    ['assent-banner.iife.js (banner, loaded before paint)', 'dist/assent-banner.iife.js', 'before paint'],
    [
      'assent-banner-extras.iife.js (banner, loaded later: first choice, Customise, idle outbox)',
      'dist/assent-banner-extras.iife.js',
      'later',
    ],
    ['assent.iife.js (everything)', 'dist/assent.iife.js', undefined],
  ] as const) {
    if (!existsSync(join(root, file))) {
      assent.push({ name, files: [file], note: 'not built' });
      continue;
    }
    assent.push({
      ...assentRow(name, [file], readFileSync(join(root, file)), lit, i18next),
      defines: defined[file],
      ...(load ? { load } : {}),
    });
  }
  for (const [name, bundle] of [
    ['banner path all-in from src/ (esbuild; the shipped banner splits it in two)', source.banner],
    ['agreement path from src/ (esbuild)', source.agreement],
    ['everything from src/ (esbuild)', source.full],
  ] as const) {
    const missing = bundle.missing.length
      ? `not in this checkout yet: ${bundle.missing.join(', ')}`
      : undefined;
    if (!bundle.bytes)
      assent.push({ name, files: bundle.entries, note: `does not build here: ${bundle.error}` });
    else
      assent.push({
        ...assentRow(name, bundle.entries, bundle.bytes, lit, i18next, missing),
        composition: bundle.composition,
        defines: bundle.entries.flatMap((entry) => entry.match(/([\w-]+)\.define\.ts$/)?.[1] ?? []),
      });
  }

  const peers: ByteRow[] = [
    filesRow(root, 'vanilla-cookieconsent', [
      'node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js',
      'node_modules/vanilla-cookieconsent/dist/cookieconsent.css',
    ]),
    filesRow(root, 'Klaro', ['node_modules/klaro/dist/klaro.js'], 'CSS and translations are inside the JS'),
    filesRow(
      root,
      'tarteaucitron',
      [
        'node_modules/tarteaucitronjs/tarteaucitron.min.js',
        'node_modules/tarteaucitronjs/lang/tarteaucitron.en.min.js',
        'node_modules/tarteaucitronjs/tarteaucitron.services.min.js',
        'node_modules/tarteaucitronjs/css/tarteaucitron.min.css',
      ],
      'loads its language, services catalogue and CSS at run time',
    ),
    filesRow(root, 'cookieconsent (Osano)', [
      'node_modules/cookieconsent/build/cookieconsent.min.js',
      'node_modules/cookieconsent/build/cookieconsent.min.css',
    ]),
  ];
  return { assent, libraries, peers };
}
