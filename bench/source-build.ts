/**
 * The two paths built straight from src/ with esbuild: the banner path (what `assent-banner.iife.js`
 * should hold) and the agreement path (dialog, checkbox, documents, receipts). They give the agreement
 * path its bytes, and stand in for dist/ when an IIFE does not define the element a harness needs yet.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface SourceBundle {
  name: string;
  /** Entry modules found in this checkout. */
  entries: string[];
  /** Entry modules the path should have and this checkout lacks. */
  missing: string[];
  bytes?: Uint8Array;
  /** Minified bytes per package (node_modules) or per src/ layer, largest first. */
  composition?: { part: string; bytes: number }[];
  /** Path of the written bundle (inside the output directory). */
  file?: string;
  error?: string;
}

/** The banner IIFE's own entry: banner, manager, engine, receipts, delivery. */
export const BANNER_ENTRIES = ['src/iife/banner.ts'];

export const AGREEMENT_ENTRIES = [
  'src/elements/agreement-dialog/agreement-dialog.define.ts',
  'src/elements/consent-checkbox/consent-checkbox.define.ts',
  'src/elements/policy-document/policy-document.define.ts',
];

/** A minified IIFE of `contents` (TypeScript, resolved from the repository root), as the vite IIFE build targets. */
export async function esbuildIife(root: string, contents: string, label: string): Promise<Uint8Array> {
  return (await esbuildWithParts(root, { contents, label })).bytes;
}

/** Which package or src/ layer an input file belongs to, e.g. `markdown-it` or `src/document`. */
function partOf(input: string): string {
  const inModules = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inModules) return inModules[1]!;
  const inSrc = input.match(/^src\/([^/]+)(?:\/([^/]+))?/);
  if (inSrc) return inSrc[1] === 'elements' && inSrc[2] ? `src/elements/${inSrc[2]}` : `src/${inSrc[1]}`;
  return input;
}

/**
 * Builds `entry`: a module of the repository as the entry point itself (its top-level statements are
 * kept whatever package.json `sideEffects` says, as in the vite IIFE build), or generated source.
 */
async function esbuildWithParts(
  root: string,
  entry: { file: string } | { contents: string; label: string },
): Promise<{ bytes: Uint8Array; composition: { part: string; bytes: number }[] }> {
  const result = await build({
    ...('file' in entry
      ? { entryPoints: [join(root, entry.file)] }
      : {
          stdin: {
            contents: entry.contents,
            resolveDir: root,
            loader: 'ts' as const,
            sourcefile: entry.label,
          },
        }),
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'Assent',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    tsconfig: join(root, 'tsconfig.json'),
    define: { __ASSENT_VERSION__: '"bench"' },
  });
  const parts = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      parts.set(partOf(input), (parts.get(partOf(input)) ?? 0) + bytesInOutput);
  const composition = [...parts]
    .map(([part, bytes]) => ({ part, bytes }))
    .filter((item) => item.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { bytes: result.outputFiles[0]!.contents, composition };
}

export const FULL_ENTRIES = ['src/iife/full.ts'];

async function buildPath(
  root: string,
  outDir: string,
  name: string,
  wanted: string[],
): Promise<SourceBundle> {
  const entries = wanted.filter((file) => existsSync(join(root, file)));
  const missing = wanted.filter((file) => !entries.includes(file));
  // One IIFE entry is built as itself; a set of define modules through a generated entry.
  const entry =
    entries.length === 1 && entries[0]!.startsWith('src/iife/')
      ? { file: entries[0]! }
      : { contents: entries.map((file) => `import './${file}';`).join('\n'), label: name };
  try {
    const { bytes, composition } = await esbuildWithParts(root, entry);
    const file = join(outDir, `${name}.iife.js`);
    writeFileSync(file, bytes);
    return { name, entries, missing, bytes, composition, file };
  } catch (error) {
    const first = (error as { errors?: { text: string }[] }).errors?.[0]?.text ?? String(error);
    return { name, entries, missing, error: first };
  }
}

export interface SourceBundles {
  banner: SourceBundle;
  agreement: SourceBundle;
  /** What `assent.iife.js` holds (src/iife/full.ts). */
  full: SourceBundle;
}

export async function buildFromSource(root: string, outDir: string): Promise<SourceBundles> {
  mkdirSync(outDir, { recursive: true });
  return {
    banner: await buildPath(root, outDir, 'banner', BANNER_ENTRIES),
    agreement: await buildPath(root, outDir, 'agreement', AGREEMENT_ENTRIES),
    full: await buildPath(root, outDir, 'full', FULL_ENTRIES),
  };
}
