/** `npm run receiver` as a process: environment, announcement line, a receipt stored, clean stop on SIGTERM. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NodeSigner } from '../support/mint.js';
import { startReceiverProcess, type ReceiverProcess } from '../support/receiver-process.js';

async function runReceiver(workers: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assent-receiver-main-'));
  let receiver: ReceiverProcess | undefined;
  try {
    receiver = await startReceiverProcess({
      dataDir,
      workers,
      env: { ASSENT_READ_TOKEN: 'main-test-token' },
    });
    const { child, url } = receiver;
    const signer = new NodeSigner();
    for (let index = 0; index < 4; index++) {
      const { jws } = signer.next();
      const response = await fetch(`${url}/api/receipts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/jose' },
        body: jws,
      });
      assert.equal(response.status, 201);
    }
    assert.equal((await fetch(`${url}/api/receipts`)).status, 401);
    const list = await fetch(`${url}/api/receipts`, { headers: { Authorization: 'Bearer main-test-token' } });
    assert.equal(list.headers.get('x-total-count'), '4');
    assert.ok(existsSync(join(dataDir, 'receipts.sqlite3')));
    assert.ok(existsSync(join(dataDir, 'receiver-key.pem')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (receiver?.child.exitCode === null) receiver.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('npm run receiver (src/receiver/main.ts)', () => {
  it('starts from the environment, stores receipts and stops on SIGTERM', () => runReceiver(1));
  it('runs two cluster workers on one port sharing the data folder', () => runReceiver(2));
});
