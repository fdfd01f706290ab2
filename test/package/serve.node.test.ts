/**
 * The receiver from an installed copy: packs this checkout, installs the tarball and the optional
 * peer better-sqlite3 in an empty temporary folder (as a backend team would: `npm install
 * ./assent-*.tgz better-sqlite3@12`), runs `npx assent serve` there, posts a signed receipt and reads
 * it back with the read token. Needs `npm run build` first.
 *
 * better-sqlite3 comes from the registry at the version this checkout uses. Its install script would
 * download a prebuilt binary (not reachable from these machines) and then compile SQLite from source,
 * which takes over ten minutes on a busy 2-core machine; so the install skips scripts and the addon
 * this checkout already compiled (same package version, same Node) is copied in. Set
 * ASSENT_PACK_BUILD_NATIVE=1 to let npm build it instead.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { NodeSigner } from '../support/mint.js';

const root = join(import.meta.dirname, '../..');
const built =
  existsSync(join(root, 'dist/receiver/index.js')) && existsSync(join(root, 'dist/cli/assent.js'));
const run = promisify(execFile);
const READ_TOKEN = 'packed-receiver-token';

describe('assent serve from the packed tarball', () => {
  const work = mkdtempSync(join(tmpdir(), 'assent-serve-pack-'));
  let child: ChildProcess | undefined;
  after(async () => {
    // npx runs the server as its child: stop the whole process group this test started.
    if (child?.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // The group has ended already.
      }
      child.stdout?.destroy();
    }
    rmSync(work, { recursive: true, force: true });
  });

  it(
    'installs with better-sqlite3, serves, stores a receipt and reads it back',
    { timeout: 900_000 },
    async (context) => {
      if (!built) return context.skip('dist/ is not built: run `npm run build` first');
      await run('npm', ['pack', '--pack-destination', work], { cwd: root, maxBuffer: 1 << 24 });
      const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
      assert.ok(tarball, 'npm pack made a tarball');
      const app = join(work, 'app');
      mkdirSync(app);
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'receiver-host', private: true }));
      const sqliteVersion = JSON.parse(
        readFileSync(join(root, 'node_modules/better-sqlite3/package.json'), 'utf8'),
      ).version as string;
      assert.match(sqliteVersion, /^12\./);
      const compiled = join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
      const reuse = process.env.ASSENT_PACK_BUILD_NATIVE !== '1' && existsSync(compiled);
      await run(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          ...(reuse ? ['--ignore-scripts'] : []),
          join(work, tarball),
          `better-sqlite3@${sqliteVersion}`,
        ],
        { cwd: app, maxBuffer: 1 << 24 },
      );
      if (reuse) {
        const target = join(app, 'node_modules/better-sqlite3/build/Release');
        mkdirSync(target, { recursive: true });
        copyFileSync(compiled, join(target, 'better_sqlite3.node'));
      }
      const installed = JSON.parse(readFileSync(join(app, 'node_modules/assent/package.json'), 'utf8'));
      assert.ok(installed.exports['./receiver'], 'the installed package exports assent/receiver');

      child = spawn('npx', ['assent', 'serve', '--port', '0', '--data-dir', './data'], {
        cwd: app,
        env: { ...process.env, ASSENT_READ_TOKEN: READ_TOKEN },
        stdio: ['ignore', 'pipe', 'inherit'],
        // Its own process group: npx starts the server as a grandchild, stopped with the group.
        detached: true,
      });
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child!.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+)\/api\/receipts/.exec(output);
          if (match) resolve(match[1]!);
        });
        child!.once('exit', (code) => reject(new Error(`assent serve exited (${code}): ${output}`)));
      });

      const { jws, payload } = new NodeSigner().next();
      const posted = await fetch(`${url}/api/receipts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/jose' },
        body: jws,
      });
      assert.equal(posted.status, 201);
      const read = await fetch(`${url}/api/receipts/${payload.id}`, {
        headers: { Authorization: `Bearer ${READ_TOKEN}` },
      });
      assert.equal(read.status, 200);
      assert.equal(((await read.json()) as { jws: string }).jws, jws);
      assert.ok(existsSync(join(app, 'data/receipts.sqlite3')));
      // The module API resolves from the installed copy too.
      const { stdout } = await run(
        'node',
        [
          '--input-type=module',
          '-e',
          "const m = await import('assent/receiver'); console.log(Object.keys(m).sort().join(','))",
        ],
        { cwd: app },
      );
      for (const name of ['createReceiver', 'postgresStore', 'sqliteStore'])
        assert.ok(stdout.includes(name), name);
    },
  );
});
