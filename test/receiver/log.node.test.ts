/**
 * The transparency log over HTTP, on SQLite and on PostgreSQL: every POST answer carries a signed tree
 * head, an inclusion proof that checks against it and, when asked, a consistency proof from the size
 * the client saw; the public log routes answer without the read token and reveal hashes only.
 */
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NodeSigner } from '../support/mint.js';
import {
  hashFromHex,
  leafHash,
  verifyConsistencyProof,
  verifyInclusionProof,
} from '../../src/receipt/merkle.js';
import { postgresStore } from '../../src/receiver/postgres.js';
import { sqliteStore } from '../../src/receiver/sqlite.js';
import { startReceiver, type RunningReceiver } from '../../src/receiver/server.js';
import type { ReceiptStore } from '../../src/receiver/store.js';
import { canonicalize } from '../../src/receipt/jcs.js';
import { thumbprintInput } from '../../src/receipt/jws.js';
import { postgresUnavailable, startPostgres, type Postgres } from '../support/postgres.js';
import { newReceipt } from './store-conformance.js';

interface HeadPayload {
  log: string;
  treeSize: number;
  rootHash: string;
  timestamp: string;
}

/** Checks a tree head as any auditor would, with nothing but Node's crypto; returns its payload. */
function checkTreeHead(jws: string, receiverKid: string): HeadPayload {
  const [headerPart, payloadPart, signaturePart] = jws.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString());
  assert.equal(header.alg, 'ES256');
  assert.equal(header.typ, 'assent-tree-head+jws');
  assert.equal(header.kid, receiverKid);
  const kid = createHash('sha256').update(thumbprintInput(header.jwk)).digest('base64url');
  assert.equal(kid, receiverKid, 'kid is the RFC 7638 thumbprint of the header JWK');
  const key = createPublicKey({ key: header.jwk, format: 'jwk' });
  const valid = verify(
    'sha256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signaturePart, 'base64url'),
  );
  assert.ok(valid, 'the tree head signature verifies');
  const text = Buffer.from(payloadPart, 'base64url').toString();
  const payload = JSON.parse(text) as HeadPayload;
  assert.equal(canonicalize(payload), text, 'the payload is RFC 8785 JSON');
  assert.deepEqual(Object.keys(payload).sort(), ['log', 'rootHash', 'timestamp', 'treeSize']);
  assert.equal(payload.log, receiverKid);
  assert.match(payload.rootHash, /^[0-9a-f]{64}$/);
  assert.ok(!Number.isNaN(Date.parse(payload.timestamp)));
  return payload;
}

const hashes = (list: string[]) => list.map((hex) => hashFromHex(hex)!);

async function post(url: string, jws: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/receipts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/jose', ...headers },
    body: jws,
  });
  return { status: response.status, body: (await response.json()) as any };
}

function logSuite(
  name: string,
  makeStore: () => Promise<{ store?: ReceiptStore; cleanup(): void } | string>,
) {
  describe(`transparency log over HTTP: ${name}`, () => {
    let dir: string;
    let receiver: RunningReceiver;
    let cleanup = () => {};
    let skip: string | undefined;
    const signer = new NodeSigner();

    before(async () => {
      const made = await makeStore();
      if (typeof made === 'string') {
        skip = made;
        return;
      }
      cleanup = made.cleanup;
      dir = mkdtempSync(join(tmpdir(), 'assent-log-'));
      receiver = await startReceiver({ port: 0, dataDir: dir, store: made.store, readToken: 'token' });
    });
    after(async () => {
      if (!skip) {
        await receiver.close();
        rmSync(dir, { recursive: true, force: true });
      }
      cleanup();
    });

    const check = (title: string, body: () => Promise<void>) =>
      it(title, async (context) => {
        if (skip) return context.skip(skip);
        await body();
      });

    check('answers each POST with its leaf, a signed head and an inclusion proof that checks', async () => {
      const jwsList: string[] = [];
      let lastHead: HeadPayload | undefined;
      for (let index = 0; index < 9; index++) {
        const { jws, payload } = signer.next();
        jwsList.push(jws);
        const { status, body } = await post(receiver.url, jws);
        assert.equal(status, 201);
        assert.deepEqual(Object.keys(body).sort(), [
          'id',
          'inclusionProof',
          'leafIndex',
          'receivedAt',
          'status',
          'treeHead',
        ]);
        assert.equal(body.id, payload.id);
        const head = checkTreeHead(body.treeHead, receiver.key.kid);
        assert.ok(body.leafIndex < head.treeSize);
        const leaf = leafHash(new TextEncoder().encode(jws));
        assert.ok(
          verifyInclusionProof(
            body.leafIndex,
            head.treeSize,
            leaf,
            hashes(body.inclusionProof),
            hashFromHex(head.rootHash)!,
          ),
          'the inclusion proof leads to the signed root',
        );
        // Another leaf's hash does not pass with this proof.
        if (index > 0) {
          const other = leafHash(new TextEncoder().encode(jwsList[index - 1]!));
          assert.ok(
            !verifyInclusionProof(
              body.leafIndex,
              head.treeSize,
              other,
              hashes(body.inclusionProof),
              hashFromHex(head.rootHash)!,
            ),
          );
        }
        if (lastHead) assert.ok(head.treeSize > lastHead.treeSize);
        lastHead = head;
      }
      // A duplicate gets the same leaf, with a proof against the current head.
      const again = await post(receiver.url, jwsList[2]!);
      assert.equal(again.status, 200);
      assert.equal(again.body.status, 'duplicate');
      const head = checkTreeHead(again.body.treeHead, receiver.key.kid);
      const leaf = leafHash(new TextEncoder().encode(jwsList[2]!));
      assert.ok(
        verifyInclusionProof(
          again.body.leafIndex,
          head.treeSize,
          leaf,
          hashes(again.body.inclusionProof),
          hashFromHex(head.rootHash)!,
        ),
      );
    });

    check('adds a consistency proof from the size the client saw (Assent-Known-Tree-Size)', async () => {
      const first = await post(receiver.url, signer.next().jws);
      const firstHead = checkTreeHead(first.body.treeHead, receiver.key.kid);
      for (let index = 0; index < 5; index++) await post(receiver.url, signer.next().jws);
      const later = await post(receiver.url, signer.next().jws, {
        'Assent-Known-Tree-Size': String(firstHead.treeSize),
      });
      const laterHead = checkTreeHead(later.body.treeHead, receiver.key.kid);
      assert.ok(Array.isArray(later.body.consistencyProof));
      assert.ok(
        verifyConsistencyProof(
          firstHead.treeSize,
          laterHead.treeSize,
          hashFromHex(firstHead.rootHash)!,
          hashFromHex(laterHead.rootHash)!,
          hashes(later.body.consistencyProof),
        ),
      );
      // Nonsense sizes get no proof, and no error: the receipt is stored all the same.
      for (const bad of ['-1', 'abc', '99999999', '1e3']) {
        const answer = await post(receiver.url, signer.next().jws, { 'Assent-Known-Tree-Size': bad });
        assert.equal(answer.status, 201);
        assert.equal(answer.body.consistencyProof, undefined, bad);
      }
    });

    check(
      'serves the latest head, consistency and inclusion proofs publicly, and checks their sizes',
      async () => {
        const { jws, payload } = signer.next();
        const created = await post(receiver.url, jws);
        const tip = await fetch(`${receiver.url}/api/log/tree-head`);
        assert.equal(tip.status, 200);
        const tipBody = (await tip.json()) as any;
        const head = checkTreeHead(tipBody.treeHead, receiver.key.kid);
        assert.deepEqual(
          {
            log: tipBody.log,
            treeSize: tipBody.treeSize,
            rootHash: tipBody.rootHash,
            timestamp: tipBody.timestamp,
          },
          head,
        );
        assert.ok(head.treeSize > created.body.leafIndex);

        const proof = (await (await fetch(`${receiver.url}/api/receipts/${payload.id}/proof`)).json()) as any;
        assert.deepEqual(Object.keys(proof).sort(), ['inclusionProof', 'leafIndex', 'treeSize']);
        assert.equal(proof.treeSize, head.treeSize);
        const leaf = leafHash(new TextEncoder().encode(jws));
        assert.ok(
          verifyInclusionProof(
            proof.leafIndex,
            proof.treeSize,
            leaf,
            hashes(proof.inclusionProof),
            hashFromHex(head.rootHash)!,
          ),
        );

        const createdHead = checkTreeHead(created.body.treeHead, receiver.key.kid);
        const atSize = (await (
          await fetch(`${receiver.url}/api/receipts/${payload.id}/proof?treeSize=${createdHead.treeSize}`)
        ).json()) as any;
        assert.deepEqual(atSize.inclusionProof, created.body.inclusionProof);

        const consistency = await fetch(
          `${receiver.url}/api/log/consistency?first=3&second=${head.treeSize}`,
        );
        const consistencyBody = (await consistency.json()) as any;
        assert.equal(consistencyBody.first, 3);
        assert.equal(consistencyBody.second, head.treeSize);
        assert.ok(Array.isArray(consistencyBody.proof));

        for (const bad of [
          `/api/log/consistency?first=5&second=2`,
          `/api/log/consistency?first=1&second=${head.treeSize + 1000}`,
          `/api/log/consistency?first=x&second=2`,
          `/api/receipts/${payload.id}/proof?treeSize=${created.body.leafIndex}`,
          `/api/receipts/${payload.id}/proof?treeSize=${head.treeSize + 1000}`,
        ]) {
          assert.equal((await fetch(`${receiver.url}${bad}`)).status, 400, bad);
        }
        assert.equal(
          (await fetch(`${receiver.url}/api/receipts/00000000-0000-4000-8000-000000000000/proof`)).status,
          404,
        );
      },
    );
  });
}

logSuite('SQLite', async () => ({ cleanup: () => {} }));

let server: Postgres | undefined;
logSuite('PostgreSQL', async () => {
  const reason = postgresUnavailable();
  if (reason) return reason;
  server = await startPostgres({ fsync: 'off' });
  return { store: postgresStore({ connectionString: server.url }), cleanup: () => server?.stop() };
});

describe('closing the receiver', () => {
  it('lets the batch being committed finish before it closes the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assent-close-'));
    try {
      // A commit window holds the receipt in the log's queue while close() begins.
      const running = await startReceiver({ port: 0, dataDir: dir, commitWindowMs: 100 });
      const appended = running.receiver.log.append(newReceipt());
      await running.close();
      const { result } = await appended;
      assert.ok(result.created);
      const store = sqliteStore({ file: join(dir, 'receipts.sqlite3') });
      assert.equal(await store.count(), 1);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
