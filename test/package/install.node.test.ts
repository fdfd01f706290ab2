/**
 * What `npm install assent` gives a browser project: packs this checkout, installs the tarball with
 * `--omit=dev` into a temporary folder (from the registry, as a user would), prints how many packages
 * and bytes that brings, fails above the goal (15 packages, 5 MB), and checks that every entry point
 * resolves from the installed copy, that the shipped code imports nothing the install lacks, and that
 * the CLI runs there without its optional peers.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

const MAX_PACKAGES = 15;
const MAX_BYTES = 5_000_000; // 5 MB, 1 MB = 1,000,000 B as everywhere in the docs

const root = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  customElements: string;
  exports: Record<string, string | Record<string, string>>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};
const optionalPeers = Object.keys(pkg.peerDependenciesMeta ?? {}).filter(
  (name) => pkg.peerDependenciesMeta?.[name]?.optional,
);
const built = existsSync(join(root, 'dist/esm/index.js')) && existsSync(join(root, 'dist/cli/assent.js'));

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'assent-install-'));
const app = join(work, 'app');
const installed = join(app, 'node_modules', pkg.name);

/** Every file under `dir` with its size. */
function files(dir: string): { path: string; bytes: number }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, bytes: statSync(path).size };
    });
}

/** The packages npm installed, from its hidden lockfile (`node_modules/<name>` → bytes on disk). */
function installedPackages(): Map<string, number> {
  const lock = JSON.parse(readFileSync(join(app, 'node_modules/.package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  const sizes = new Map<string, number>();
  for (const key of Object.keys(lock.packages)) {
    const name = key.replace(/^.*node_modules\//, '');
    sizes.set(
      name,
      files(join(app, key)).reduce((sum, file) => sum + file.bytes, 0),
    );
  }
  return sizes;
}

/**
 * Bare specifiers (`lit`, `@floating-ui/dom`) that a shipped JavaScript file imports: static imports
 * start a line in the built output (bundled libraries' JSDoc examples do not), plus dynamic imports.
 */
function bareImports(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']/gm),
    ...source.matchAll(/^import\s*["']([^"']+)["']/gm),
    ...source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => match[1]!);
  return specifiers.filter((specifier) => !/^(\.|\/|node:|data:|https?:)/.test(specifier));
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe(
  'npm install of the packed package',
  { skip: !built && 'needs dist/: run `npm run build` first' },
  () => {
    before(async () => {
      await run('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: root });
      const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
      assert.ok(tarball, 'npm pack wrote no tarball');
      mkdirSync(app);
      writeFileSync(
        join(app, 'package.json'),
        JSON.stringify({ name: 'app', private: true, type: 'module' }),
      );
      await run(
        'npm',
        [
          'install',
          `../${tarball}`,
          '--omit=dev',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
        ],
        { cwd: app, timeout: 180_000 },
      );
    });
    after(() => rmSync(work, { recursive: true, force: true }));

    test(`brings at most ${MAX_PACKAGES} packages and ${MAX_BYTES / 1e6} MB`, () => {
      const sizes = installedPackages();
      const total = [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0);
      const table = [...sizes]
        .sort((a, b) => b[1] - a[1])
        .map(([name, bytes]) => `  ${name.padEnd(28)} ${(bytes / 1000).toFixed(1).padStart(8)} kB`);
      console.log(
        `npm install ${pkg.name} (--omit=dev): ${sizes.size} packages, ${(total / 1e6).toFixed(2)} MB\n${table.join('\n')}`,
      );
      for (const peer of optionalPeers) assert.ok(!sizes.has(peer), `optional peer ${peer} was installed`);
      assert.ok(sizes.size <= MAX_PACKAGES, `${sizes.size} packages > ${MAX_PACKAGES}`);
      assert.ok(total <= MAX_BYTES, `${total} bytes > ${MAX_BYTES}`);
    });

    test('every export and the custom-elements manifest resolve from the installed copy', async () => {
      const subpaths = Object.keys(pkg.exports).map((key) =>
        key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`,
      );
      const script = `for (const s of ${JSON.stringify(subpaths)}) console.log(s + '\\t' + import.meta.resolve(s));`;
      const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: app });
      const resolved = new Map(
        stdout
          .trim()
          .split('\n')
          .map((line) => line.split('\t') as [string, string]),
      );
      assert.deepEqual([...resolved.keys()], subpaths);
      for (const [subpath, url] of resolved) {
        const path = new URL(url).pathname;
        assert.ok(path.startsWith(installed), `${subpath} resolves outside the installed copy: ${path}`);
        assert.ok(existsSync(path), `${subpath} → ${relative(installed, path)} is not in the package`);
      }
      assert.ok(
        existsSync(join(installed, pkg.customElements)),
        `customElements: ${pkg.customElements} is not shipped`,
      );
      assert.ok(existsSync(join(installed, 'dist/assent.iife.js')));
      assert.ok(existsSync(join(installed, 'dist/assent-banner.iife.js')));
    });

    test('the shipped code imports only installed packages and optional peers', () => {
      const shipped = files(join(installed, 'dist')).filter((file) => file.path.endsWith('.js'));
      assert.ok(shipped.length > 0);
      const missing = new Set<string>();
      const seen = new Set<string>();
      for (const file of shipped) {
        for (const specifier of bareImports(readFileSync(file.path, 'utf8'))) {
          const name = packageName(specifier);
          seen.add(name);
          if (name === pkg.name || optionalPeers.includes(name)) continue;
          if (!existsSync(join(app, 'node_modules', name, 'package.json'))) {
            missing.add(`${relative(installed, file.path)} imports ${specifier}`);
          }
        }
      }
      assert.ok(seen.has('lit'), 'the scan found no import of lit: it reads nothing');
      assert.deepEqual([...missing], []);
    });

    test('the installed ESM entries load in Node and verify and parse without optional peers', async () => {
      const script = `
      const { parsePolicy } = await import('assent/document');
      const { verifyReceipt } = await import('assent/verify');
      await import('assent');
      const doc = parsePolicy('用户协议\\n\\n一、总则\\n\\n本协议……', { format: 'text', id: 'terms' });
      const result = await verifyReceipt('a.b.c');
      console.log(JSON.stringify({ sha256: doc.sha256, ok: result.ok, reason: result.reason }));`;
      const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: app });
      const out = JSON.parse(stdout) as { sha256: string; ok: boolean; reason: string };
      assert.match(out.sha256, /^[0-9a-f]{64}$/);
      assert.equal(out.ok, false);
      assert.equal(out.reason, 'bad-encoding');
    });

    test('`npx assent` hashes plain text, and names jsdom when Markdown needs it', async () => {
      writeFileSync(join(app, 'terms.txt'), '用户协议\n\n一、总则\n\n本协议……\n');
      writeFileSync(join(app, 'terms.md'), '# 用户协议\n\n## 一、总则\n\n本协议……\n');
      const text = await run('npx', ['--no-install', 'assent', 'hash', 'terms.txt'], { cwd: app });
      assert.match(text.stdout, /^[0-9a-f]{64}\n$/);
      const markdown = await run('npx', ['--no-install', 'assent', 'hash', 'terms.md'], { cwd: app }).then(
        () => assert.fail('assent hash terms.md succeeded without jsdom'),
        (error: { code: number; stderr: string }) => error,
      );
      assert.equal(markdown.code, 1);
      assert.match(markdown.stderr, /jsdom/);
      assert.match(markdown.stderr, /npm install jsdom/);
    });
  },
);
