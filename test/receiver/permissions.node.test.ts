/** The data directory is 0700 and its files 0600: made so, and checked at start. */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startReceiver } from '../../src/receiver/server.js';

const root = mkdtempSync(join(tmpdir(), 'assent-perms-'));
after(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;
const posix = process.platform !== 'win32';

describe('receiver data permissions', { skip: posix ? false : 'file modes are POSIX-only' }, () => {
  it('makes the directory 0700 and the database, its WAL and the key 0600', async () => {
    const dir = join(root, 'fresh', 'data');
    const receiver = await startReceiver({ port: 0, dataDir: dir });
    const response = await fetch(`${receiver.url}/api/log/tree-head`);
    assert.equal(response.status, 200);
    assert.equal(mode(dir), 0o700);
    assert.equal(mode(join(dir, 'receipts.sqlite3')), 0o600);
    assert.equal(mode(join(dir, 'receipts.sqlite3-wal')), 0o600);
    assert.equal(mode(join(dir, 'receiver-key.pem')), 0o600);
    await receiver.close();
    // And it starts again on what it made.
    await (await startReceiver({ port: 0, dataDir: dir })).close();
  });

  it('refuses to start when group or others can read the directory', async () => {
    const dir = join(root, 'open-dir');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    await assert.rejects(
      startReceiver({ port: 0, dataDir: dir }),
      /open-dir is open to group or others \(mode 755\); run `chmod 700/,
    );
  });

  it('refuses to start when the database or the key file is readable by others', async () => {
    for (const name of ['receipts.sqlite3', 'receiver-key.pem']) {
      const dir = join(root, `open-${name}`);
      mkdirSync(dir, { mode: 0o700 });
      const receiver = await startReceiver({ port: 0, dataDir: dir });
      await receiver.close();
      chmodSync(join(dir, name), 0o644);
      await assert.rejects(
        startReceiver({ port: 0, dataDir: dir }),
        new RegExp(`${name.replace('.', '\\.')} is open to group or others \\(mode 644\\); run \`chmod 600`),
      );
    }
  });

  it('refuses a database file left readable by others before the first start', async () => {
    const dir = join(root, 'key-only');
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'receipts.sqlite3'), '');
    chmodSync(join(dir, 'receipts.sqlite3'), 0o644);
    await assert.rejects(startReceiver({ port: 0, dataDir: dir }), /receipts\.sqlite3 is open/);
  });
});
