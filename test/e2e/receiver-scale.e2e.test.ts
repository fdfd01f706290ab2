/**
 * Scale out: two receiver processes on one PostgreSQL take 2,000 receipts from 40 chains, each chain's
 * receipts spread over both processes, out of order, some sent twice, while one process is killed
 * mid-request (and started again) and PostgreSQL restarts. Afterwards: every receipt stored exactly
 * once, every chain status right, one gapless log, and every tree head any process signed is a
 * prefix of that one log (heads never fork).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MerkleTree, hashFromHex, leafHash, toHex, verifyInclusionProof } from '../../src/receipt/merkle.js';
import { ReceiverKey } from '../../src/receiver/log.js';
import { postgresStore } from '../../src/receiver/postgres.js';
import { NodeSigner } from '../support/mint.js';
import { postgresUnavailable, startPostgres, type Postgres } from '../support/postgres.js';
import { startReceiverProcess, type ReceiverProcess } from '../support/receiver-process.js';

const CHAINS = 40;
const PER_CHAIN = 50;
const IN_FLIGHT = 16;
const READ_TOKEN = 'scale-test-token';

/** A deterministic shuffle (xorshift), so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

interface Answer {
  leafIndex: number;
  treeHead: string;
  inclusionProof: string[];
}

const headPayload = (jws: string) =>
  JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as {
    log: string;
    treeSize: number;
    rootHash: string;
  };

describe('receivers scaled out on one PostgreSQL, through faults', () => {
  const skip = postgresUnavailable();
  let postgres: Postgres | undefined;
  let dataDir: string;
  const processes: (ReceiverProcess | undefined)[] = [undefined, undefined];

  const start = async (slot: number) => {
    processes[slot] = await startReceiverProcess({
      dataDir,
      env: { ASSENT_DB_URL: postgres!.url, ASSENT_READ_TOKEN: READ_TOKEN },
    });
  };

  before(async () => {
    if (skip) return;
    postgres = await startPostgres({ fsync: 'off' });
    dataDir = mkdtempSync(join(tmpdir(), 'assent-scale-'));
    // One log key for every process (as a deployment would hand each of them the same key file).
    ReceiverKey.fromFile(join(dataDir, 'receiver-key.pem'));
    await Promise.all([start(0), start(1)]);
  });
  after(async () => {
    for (const running of processes) {
      if (running && running.child.exitCode === null) {
        running.child.kill('SIGTERM');
        await new Promise((resolve) => running.child.once('exit', resolve));
      }
    }
    postgres?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'stores 2,000 receipts exactly once with right chains and one unforked log',
    { timeout: 300_000 },
    async (context) => {
      if (skip) return context.skip(skip);
      const next = random(0x5eed);
      const signers = Array.from({ length: CHAINS }, () => new NodeSigner());
      const chains = signers.map((signer) => Array.from({ length: PER_CHAIN }, () => signer.next()));
      // Round-robin over chains, then reordered within windows of 64: receipts of one chain arrive out of order.
      const order = Array.from({ length: PER_CHAIN }, (_, seq) => chains.map((chain) => chain[seq]!)).flat();
      for (let start = 0; start < order.length; start += 64) {
        for (let index = Math.min(order.length, start + 64) - 1; index > start; index--) {
          const other = start + Math.floor(next() * (index - start + 1));
          [order[index], order[other]] = [order[other]!, order[index]!];
        }
      }
      // One in ten is sent twice, the copy later and to whichever process then.
      const sends = order.filter((_, index) => index % 10 === 3);
      const queue = [...order];
      sends.forEach((receipt, index) => queue.splice(Math.min(queue.length, 40 + index * 11), 0, receipt));

      const answers = new Map<string, Answer[]>();
      const statuses = new Map<number, number>();
      const inFlight = [0, 0];
      let killedMidRequest = false;
      let retries = 0;
      let lastSize = 0;

      async function deliver(jws: string, id: string): Promise<void> {
        for (let attempt = 0; attempt < 200; attempt++) {
          const slot = next() < 0.5 ? 0 : 1;
          const running = processes[slot];
          if (!running || running.child.exitCode !== null || running.child.signalCode !== null) {
            await new Promise((resolve) => setTimeout(resolve, 20));
            continue;
          }
          inFlight[slot]!++;
          try {
            const response = await fetch(`${running.url}/api/receipts`, {
              method: 'POST',
              headers: {
                'Content-Type': 'application/jose',
                'Idempotency-Key': id,
                'Assent-Known-Tree-Size': String(lastSize),
              },
              body: jws,
              signal: AbortSignal.timeout(10_000),
            });
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (response.status === 201 || response.status === 200) {
              const body = (await response.json()) as Answer & { consistencyProof?: string[] };
              assert.ok(
                Array.isArray(body.consistencyProof),
                'a consistency proof from the size this client saw',
              );
              answers.set(id, [...(answers.get(id) ?? []), body]);
              lastSize = Math.max(lastSize, headPayload(body.treeHead).treeSize);
              return;
            }
            // A store that is down answers 503: try again; anything else is a failure.
            assert.equal(response.status, 503, `unexpected ${response.status}: ${await response.text()}`);
            await response.body?.cancel();
          } catch (error) {
            if (error instanceof assert.AssertionError) throw error;
            // The process died under this request, or the connection was cut: try again.
          } finally {
            inFlight[slot]!--;
          }
          retries++;
          await new Promise((resolve) => setTimeout(resolve, 10 + attempt * 5));
        }
        throw new Error(`receipt ${id} was never stored`);
      }

      const total = queue.length;
      let sent = 0;
      let faults: Promise<void> = Promise.resolve();
      const workers = Array.from({ length: IN_FLIGHT }, async () => {
        for (;;) {
          const receipt = queue.shift();
          if (!receipt) return;
          sent++;
          if (sent === Math.floor(total * 0.25)) {
            // Kill process 0 while it has requests in flight, then start it again.
            faults = faults.then(async () => {
              while (inFlight[0] === 0) await new Promise((resolve) => setImmediate(resolve));
              killedMidRequest = true;
              processes[0]!.child.kill('SIGKILL');
              await new Promise((resolve) => processes[0]!.child.once('exit', resolve));
              await start(0);
            });
          }
          if (sent === Math.floor(total * 0.6)) faults = faults.then(() => postgres!.restart());
          await deliver(receipt.jws, receipt.payload.id);
        }
      });
      await Promise.all(workers);
      await faults;
      assert.ok(killedMidRequest);
      context.diagnostic(`statuses ${JSON.stringify(Object.fromEntries(statuses))}, retries ${retries}`);

      // Every receipt stored exactly once: 2,000 leaves, 2,000 ids, each leaf the hash of the JWS as sent.
      const store = postgresStore({ connectionString: postgres!.url });
      try {
        const all = order.length;
        assert.equal(all, CHAINS * PER_CHAIN);
        assert.equal(await store.count(), all);
        const leaves = await store.leafHashes(0);
        assert.equal(leaves.length, all);
        const tree = new MerkleTree(leaves);
        for (const receipt of order) {
          const stored = await store.get(receipt.payload.id);
          assert.ok(stored, receipt.payload.id);
          assert.equal(stored.jws, receipt.jws);
          assert.equal(
            toHex(leaves[stored.leafIndex]!),
            toHex(leafHash(new TextEncoder().encode(receipt.jws))),
          );
          // Every answer for this receipt named its one leaf.
          for (const answer of answers.get(receipt.payload.id)!)
            assert.equal(answer.leafIndex, stored.leafIndex);
        }
        // Every chain status right: seq 0 starts, every later receipt is linked to its predecessor.
        const listed = await store.list({ limit: all, offset: 0 });
        for (const summary of listed)
          assert.equal(summary.chain, summary.seq === 0 ? 'start' : 'linked', summary.id);

        // Heads never fork: every head any process signed has the root of that prefix of the one log,
        // and every inclusion proof checks against its head.
        const kid = ReceiverKey.fromFile(join(dataDir, 'receiver-key.pem')).kid;
        const jwsById = new Map(order.map((receipt) => [receipt.payload.id, receipt.jws]));
        let heads = 0;
        for (const [id, list] of answers) {
          for (const answer of list) {
            const head = headPayload(answer.treeHead);
            assert.equal(head.log, kid);
            assert.equal(head.rootHash, toHex(tree.root(head.treeSize)), `head of size ${head.treeSize}`);
            const jws = jwsById.get(id)!;
            assert.ok(
              verifyInclusionProof(
                answer.leafIndex,
                head.treeSize,
                leafHash(new TextEncoder().encode(jws)),
                answer.inclusionProof.map((hex) => hashFromHex(hex)!),
                hashFromHex(head.rootHash)!,
              ),
            );
            heads++;
          }
        }
        assert.ok(heads >= all);
      } finally {
        await store.close();
      }
    },
  );
});
