/**
 * The one conformance suite every `ReceiptStore` passes (SQLite and PostgreSQL): idempotency, the
 * conflict the receiver answers with 409, chain status, paging in log order, and concurrent appends
 * from two store instances on one database (one gapless leaf sequence, each id stored once).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { receiptLeafHash } from '../../src/receiver/log.js';
import type { NewReceipt, ReceiptStore } from '../../src/receiver/store.js';

export interface StoreFactory {
  /** A second (third, …) store on the same database, as another receiver process would open it. */
  open(): ReceiptStore;
  /** Removes the database once every store is closed. */
  cleanup(): Promise<void> | void;
}

let counter = 0;

/** A receipt as the receiver would hand it to the store (the JWS is opaque to the store). */
export function newReceipt(overrides: Partial<NewReceipt> = {}): NewReceipt {
  const id = overrides.id ?? randomUUID();
  const jws = overrides.jws ?? `header.${Buffer.from(`${id}:${counter++}`).toString('base64url')}.signature`;
  return {
    id,
    jws,
    jwsSha256: overrides.jwsSha256 ?? `${(counter % 16).toString(16)}`.repeat(64),
    leafHash: receiptLeafHash(jws),
    kid: 'kid-a',
    seq: 0,
    prev: null,
    type: 'agreement',
    decision: 'accepted',
    issuedAt: '2026-11-28T10:00:00.000Z',
    receivedAt: new Date().toISOString(),
    documents: [{ id: 'terms', version: '3', sha256: 'c'.repeat(64) }],
    verified: true,
    hostCountersignature: null,
    ...overrides,
  };
}

export function storeConformance(name: string, setup: () => Promise<StoreFactory | string>): void {
  describe(`ReceiptStore conformance: ${name}`, () => {
    let factory: StoreFactory | undefined;
    let skip: string | undefined;
    let store: ReceiptStore;
    const opened: ReceiptStore[] = [];

    before(async () => {
      const made = await setup();
      if (typeof made === 'string') skip = made;
      else {
        factory = made;
        store = made.open();
        opened.push(store);
      }
    });
    after(async () => {
      for (const each of opened) await each.close();
      await factory?.cleanup();
    });

    /** Runs `body` unless the database cannot run here, in which case the test says so. */
    const check = (title: string, body: () => Promise<void>) =>
      it(title, async (context) => {
        if (skip) return context.skip(skip);
        await body();
      });

    check('stores a new receipt with the next leaf index and returns every field as given', async () => {
      const before = await store.count();
      const receipt = newReceipt({ hostCountersignature: 'host-sig', seq: 4, prev: 'a'.repeat(64) });
      const { results, size } = await store.append([receipt]);
      assert.equal(results.length, 1);
      assert.ok(results[0]!.created);
      assert.equal(size, before + 1);
      const stored = await store.get(receipt.id);
      assert.deepEqual(stored, { ...receipt, leafIndex: before, leafHash: new Uint8Array(receipt.leafHash) });
      assert.equal(await store.get(randomUUID()), undefined);
    });

    check('is idempotent: the same id again returns what is stored, and stores nothing', async () => {
      const receipt = newReceipt();
      const first = await store.append([receipt]);
      const again = await store.append([receipt]);
      assert.ok(first.results[0]!.created);
      const result = again.results[0]!;
      assert.ok(!result.created && result.existing);
      assert.equal(result.existing.jws, receipt.jws);
      assert.equal(result.existing.leafIndex, first.size - 1);
      assert.equal(again.size, first.size);
    });

    check('keeps the first of two different receipts under one id (the receiver answers 409)', async () => {
      const id = randomUUID();
      const first = newReceipt({ id });
      const other = newReceipt({ id });
      assert.notEqual(first.jws, other.jws);
      await store.append([first]);
      const { results } = await store.append([other]);
      assert.ok(!results[0]!.created);
      assert.equal(results[0]!.existing?.jws, first.jws);
      assert.equal((await store.get(id))!.jws, first.jws);
    });

    check('stores an id repeated within one batch once, leaf indexes staying gapless', async () => {
      const receipt = newReceipt();
      const other = newReceipt();
      const { results, size } = await store.append([receipt, { ...receipt }, other]);
      assert.deepEqual(
        results.map((result) => result.created),
        [true, false, true],
      );
      const indexes = results.map((result) => (result.created ? result.receipt : result.existing)?.leafIndex);
      assert.deepEqual(indexes, [size - 2, size - 2, size - 1]);
    });

    check('gives the chain status of each receipt: start, linked, gap, fork, unchained', async () => {
      const kid = `kid-${randomUUID()}`;
      const start = newReceipt({ kid, seq: 0, jwsSha256: '1'.repeat(64) });
      const linked = newReceipt({ kid, seq: 1, prev: '1'.repeat(64), jwsSha256: '2'.repeat(64) });
      const gap = newReceipt({ kid, seq: 3, prev: '3'.repeat(64), jwsSha256: '4'.repeat(64) });
      const forkA = newReceipt({ kid, seq: 5, prev: '9'.repeat(64) });
      const forkB = newReceipt({ kid, seq: 5, prev: '9'.repeat(64) });
      const unchained = newReceipt({ kid: '', verified: false });
      await store.append([start, linked, gap, forkA, forkB, unchained]);
      assert.equal(await store.chainStatus(start.id), 'start');
      assert.equal(await store.chainStatus(linked.id), 'linked');
      assert.equal(await store.chainStatus(gap.id), 'gap');
      assert.equal(await store.chainStatus(forkA.id), 'fork');
      assert.equal(await store.chainStatus(forkB.id), 'fork');
      assert.equal(await store.chainStatus(unchained.id), 'unchained');
      assert.equal(await store.chainStatus(randomUUID()), undefined);
      // The missing link arrives: the gap closes.
      await store.append([newReceipt({ kid, seq: 2, prev: '2'.repeat(64), jwsSha256: '3'.repeat(64) })]);
      assert.equal(await store.chainStatus(gap.id), 'linked');
    });

    check('lists in log order with paging and counts everything', async () => {
      const batch = Array.from({ length: 7 }, () => newReceipt());
      await store.append(batch);
      const total = await store.count();
      const page = await store.list({ limit: 3, offset: total - 7 });
      assert.deepEqual(
        page.map(({ id }) => id),
        batch.slice(0, 3).map(({ id }) => id),
      );
      const rest = await store.list({ limit: 100, offset: total - 4 });
      assert.deepEqual(
        rest.map(({ id }) => id),
        batch.slice(3).map(({ id }) => id),
      );
      assert.deepEqual(Object.keys(rest[0]!).sort(), [
        'chain',
        'decision',
        'documents',
        'id',
        'issuedAt',
        'kid',
        'leafIndex',
        'receivedAt',
        'seq',
        'type',
        'verified',
      ]);
      assert.deepEqual(await store.list({ limit: 10, offset: total }), []);
    });

    check('returns leaf hashes in order, from an index and up to one', async () => {
      const batch = Array.from({ length: 3 }, () => newReceipt());
      const { size } = await store.append(batch);
      const from = size - 3;
      assert.deepEqual(
        await store.leafHashes(from),
        batch.map(({ leafHash }) => new Uint8Array(leafHash)),
      );
      assert.deepEqual(await store.leafHashes(from + 1, from + 2), [new Uint8Array(batch[1]!.leafHash)]);
      assert.deepEqual(await store.leafHashes(size), []);
    });

    check(
      'stores each id once and keeps one gapless leaf sequence under concurrent appends from two stores',
      async () => {
        const second = factory!.open();
        opened.push(second);
        const sizeBefore = await store.count();
        const receipts = Array.from({ length: 120 }, () => newReceipt());
        // Every receipt goes to both stores, in different orders and batch sizes.
        const shuffled = [...receipts].reverse();
        const batches = (list: NewReceipt[], size: number) =>
          Array.from({ length: Math.ceil(list.length / size) }, (_, index) =>
            list.slice(index * size, (index + 1) * size),
          );
        const results = await Promise.all([
          ...batches(receipts, 7).map((batch) => store.append(batch)),
          ...batches(shuffled, 11).map((batch) => second.append(batch)),
        ]);
        const created = results.flatMap(({ results: each }) => each.filter((result) => result.created));
        assert.equal(created.length, receipts.length);
        assert.equal(await store.count(), sizeBefore + receipts.length);
        const indexes = new Set<number>();
        for (const receipt of receipts) {
          const stored = await second.get(receipt.id);
          assert.ok(stored);
          indexes.add(stored.leafIndex);
        }
        const sorted = [...indexes].sort((a, b) => a - b);
        assert.equal(sorted.length, receipts.length);
        assert.equal(sorted[0], sizeBefore);
        assert.equal(sorted.at(-1), sizeBefore + receipts.length - 1);
        assert.equal((await store.leafHashes(0)).length, sizeBefore + receipts.length);
      },
    );

    check(
      'holds a per-key daily quota across two stores appending at once; duplicates and other keys go on',
      async () => {
        const second = factory!.open();
        opened.push(second);
        const kid = `kid-quota-${randomUUID()}`;
        const receipts = Array.from({ length: 40 }, () => newReceipt({ kid }));
        const bytes = receipts[0]!.jws.length;
        assert.ok(receipts.every(({ jws }) => jws.length === bytes));
        const quota = { quotaBytesPerKeyPerDay: bytes * 10 + bytes / 2 };
        // Both stores get every receipt, in batches of different sizes and orders, concurrently.
        const batches = (list: NewReceipt[], size: number) =>
          Array.from({ length: Math.ceil(list.length / size) }, (_, index) =>
            list.slice(index * size, (index + 1) * size),
          );
        const outcomes = await Promise.all([
          ...batches(receipts, 3).map((batch) => store.append(batch, quota)),
          ...batches([...receipts].reverse(), 4).map((batch) => second.append(batch, quota)),
        ]);
        const all = outcomes.flatMap(({ results }) => results);
        const created = all.filter((result) => result.created);
        assert.equal(created.length, 10, 'exactly the quota was stored');
        assert.ok(all.some((result) => !result.created && 'quotaExceeded' in result));
        const storedIds = created.map((result) => (result.created ? result.receipt.id : ''));
        // A stored receipt sent again still answers what is stored, over quota or not.
        const again = await second.append([receipts.find(({ id }) => id === storedIds[0])!], quota);
        const repeated = again.results[0]!;
        assert.ok(!repeated.created);
        assert.equal(repeated.existing?.id, storedIds[0]);
        // Another key, and the same key without a quota, are not held back.
        const other = await store.append([newReceipt({ kid: `${kid}-other` })], quota);
        assert.ok(other.results[0]!.created);
        // Over-quota receipts took no leaf index: the sequence stays gapless.
        const size = other.size;
        assert.equal((await store.leafHashes(0)).length, size);
        assert.equal(await store.count(), size);
        // The next UTC day starts afresh.
        const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
        const next = await store.append([newReceipt({ kid, receivedAt: tomorrow })], quota);
        assert.ok(next.results[0]!.created);
      },
    );
  });
}
