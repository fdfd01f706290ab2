/**
 * The mounting examples of docs/receiver.md, run as written: each `// example: NAME` block is saved in
 * the package folder (so `assent/receiver` resolves to the built dist/ through the package's own
 * exports), started as its own process on a free port, sent a signed receipt, and read back with the
 * read token. Needs `npm run build` (or `npm run build:receiver`) first.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { NodeSigner } from '../support/mint.js';
import { freePort, postgresUnavailable, startPostgres, type Postgres } from '../support/postgres.js';

const root = resolve(import.meta.dirname, '../..');
const doc = readFileSync(join(root, 'docs/receiver.md'), 'utf8');
const examples = new Map(
  [...doc.matchAll(/```js\n(\/\/ example: ([\w-]+)\n[\s\S]*?)```/g)].map((match) => [match[2]!, match[1]!]),
);
const built = existsSync(join(root, 'dist/receiver/index.js'));
const READ_TOKEN = 'docs-example-token';

async function waitForServer(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`the example exited (${child.exitCode})`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('the example did not start listening');
}

describe('docs/receiver.md examples', () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  let postgres: Postgres | undefined;
  after(async () => {
    for (const child of children) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
    postgres?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('has the three examples this test runs', () => {
    assert.deepEqual([...examples.keys()].sort(), ['hono', 'node-http', 'postgres']);
  });

  for (const name of ['node-http', 'hono', 'postgres']) {
    it(`runs the ${name} example: a receipt posted is stored, logged and read back`, async (context) => {
      if (!built) return context.skip('dist/receiver is not built: run `npm run build` first');
      const env: Record<string, string> = {};
      if (name === 'postgres') {
        const reason = postgresUnavailable();
        if (reason) return context.skip(reason);
        postgres = await startPostgres({ fsync: 'off' });
        env.ASSENT_DB_URL = postgres.url;
      }
      const folder = join(root, '.test-results/receiver-docs');
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `${name}.mjs`);
      writeFileSync(file, examples.get(name)!);
      const dataDir = mkdtempSync(join(tmpdir(), `assent-docs-${name}-`));
      dirs.push(dataDir);
      const port = await freePort();
      const child = spawn(process.execPath, [file], {
        cwd: dataDir,
        env: {
          ...process.env,
          ...env,
          PORT: String(port),
          DATA_DIR: join(dataDir, 'data'),
          ASSENT_KEY_FILE: join(dataDir, 'receiver-key.pem'),
          ASSENT_READ_TOKEN: READ_TOKEN,
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitForServer(url, child);

      const { jws, payload } = new NodeSigner().next();
      const posted = await fetch(`${url}/api/receipts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/jose' },
        body: jws,
      });
      assert.equal(posted.status, 201);
      const answer = (await posted.json()) as {
        leafIndex: number;
        treeHead: string;
        inclusionProof: string[];
      };
      assert.equal(answer.leafIndex, 0);
      assert.equal(answer.treeHead.split('.').length, 3);
      assert.equal((await fetch(`${url}/api/receipts/${payload.id}`)).status, 401);
      const read = await fetch(`${url}/api/receipts/${payload.id}`, {
        headers: { Authorization: `Bearer ${READ_TOKEN}` },
      });
      assert.equal(read.status, 200);
      assert.equal(((await read.json()) as { jws: string }).jws, jws);
      const head = await fetch(`${url}/api/log/tree-head`);
      assert.equal(((await head.json()) as { treeSize: number }).treeSize, 1);
      if (name === 'hono') assert.equal(await (await fetch(`${url}/health`)).text(), 'ok');
    });
  }
});
