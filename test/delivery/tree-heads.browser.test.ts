/** The outbox database's tree-head store: the version 1 → 2 migration and "keep the larger head". */
import { expect } from '@open-wc/testing';
import {
  IndexedDbStorage,
  MemoryStorage,
  type OutboxEntry,
  type TreeHeadRecord,
} from '../../src/internal/store.js';

const NAME = 'assent-test-tree-heads';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
}

const head = (treeSize: number, kid = 'kid-a'): TreeHeadRecord => ({
  endpoint: 'https://receiver.example/api/receipts',
  kid,
  treeSize,
  rootHash: String(treeSize % 10).repeat(64),
  timestamp: '2026-11-28T12:00:00.000Z',
  jws: `head-${treeSize}`,
  verifiedAt: 1,
});

describe('tree heads in the outbox database', () => {
  beforeEach(() => deleteDatabase(NAME));
  afterEach(() => deleteDatabase(NAME));

  it('migrates a version 1 database: the outbox survives, the tree-head store appears', async () => {
    // Version 1 exactly as the library made it, with one receipt waiting.
    const waiting = { v: 1, id: 'r-1', createdAt: 5, jws: 'x.y.z', attempts: 2 } as unknown as OutboxEntry;
    const open = indexedDB.open(NAME, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('keys', { keyPath: 'name' });
      open.result.createObjectStore('outbox', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
    };
    const v1 = await request(open);
    await request(v1.transaction('outbox', 'readwrite').objectStore('outbox').put(waiting));
    v1.close();

    const storage = new IndexedDbStorage(NAME);
    await storage.open(5000);
    expect(await storage.get('r-1')).to.deep.equal(waiting);
    expect(await storage.getTreeHead(head(1).endpoint)).to.equal(undefined);
    await storage.putTreeHead(head(3));
    expect(await storage.getTreeHead(head(3).endpoint)).to.deep.equal(head(3));
    const db = await request(indexedDB.open(NAME));
    expect(db.version).to.equal(2);
    expect([...db.objectStoreNames].sort()).to.deep.equal(['keys', 'outbox', 'treeHeads']);
    db.close();
  });

  for (const [label, make] of [
    ['IndexedDB', () => new IndexedDbStorage(NAME)],
    ['memory', () => new MemoryStorage(NAME)],
  ] as const) {
    it(`${label}: keeps the larger head when two tabs store theirs, and forgets on request`, async () => {
      const storage = make();
      await storage.putTreeHead(head(5));
      await storage.putTreeHead(head(3));
      expect((await storage.getTreeHead(head(5).endpoint))?.treeSize).to.equal(5);
      await storage.putTreeHead(head(8));
      expect((await storage.getTreeHead(head(5).endpoint))?.treeSize).to.equal(8);
      await storage.deleteTreeHead(head(5).endpoint);
      expect(await storage.getTreeHead(head(5).endpoint)).to.equal(undefined);
    });
  }
});
