/**
 * Where the device key, its chain position and the outbox live: one IndexedDB database per origin,
 * shared by every tab and every copy of the library, or memory when IndexedDB is unavailable (some
 * private modes, opaque origins). The schema is versioned; add a step to MIGRATIONS to change it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { assentGlobal, shared } from './global.js';
import type { ReceiptPayload } from '../receipt/types.js';
import type { PublicJwk } from '../receipt/jws.js';

export const DB_NAME = 'assent';
/** Where the database's name is kept once it was opened (it cannot change within a page). */
const NAME_KEY = 'storage-name';
export const DB_VERSION = 2;
/** Version of the stored outbox entry shape (inside the database version). */
export const ENTRY_VERSION = 1;

/** The per-browser signing key and where its chain stands. */
export interface KeyRecord {
  name: 'device';
  /** Non-extractable ECDSA P-256 private key. */
  privateKey: CryptoKey;
  jwk: PublicJwk;
  kid: string;
  /** `seq` of the next receipt. */
  seq: number;
  /** sha-256 (hex) of the last receipt signed, null before the first. */
  prev: string | null;
  createdAt: number;
}

/** A receipt waiting for the backend's acknowledgement. */
export interface OutboxEntry {
  v: typeof ENTRY_VERSION;
  id: string;
  /** What is sent: the compact JWS (or, when allowed, the unsigned `alg: none` form). */
  jws: string;
  payload: ReceiptPayload;
  signed: boolean;
  /** The element's `endpoint` override, if any. */
  endpoint?: string;
  countersignature?: string;
  createdAt: number;
  /** Sends tried so far (counted before each send, so a reload mid-send still counts). */
  attempts: number;
  nextAttemptAt: number;
  /** Attempts used up or refused for good: no automatic sends until `parkedAt + retryParkedAfterMs`. */
  parked: boolean;
  parkedAt?: number;
  lastError?: string;
  /**
   * `log-inconsistent`: the backend acknowledged the receipt, but its transparency log's answer did
   * not hold up (see TreeHeadRecord). Kept for the host to act on: never re-sent or expired on its own.
   */
  status?: 'log-inconsistent';
}

/** The last verified tree head of one endpoint's transparency log (what later answers must extend). */
export interface TreeHeadRecord {
  /** The endpoint's absolute URL. */
  endpoint: string;
  /** The receiver key's thumbprint, pinned by the first verified head. */
  kid: string;
  treeSize: number;
  rootHash: string;
  timestamp: string;
  /** The signed head itself (compact JWS), evidence for the host. */
  jws: string;
  verifiedAt: number;
}

interface AssentDB extends DBSchema {
  keys: { key: string; value: KeyRecord };
  outbox: { key: string; value: OutboxEntry; indexes: { createdAt: number } };
  treeHeads: { key: string; value: TreeHeadRecord };
}

type Migration = (db: IDBPDatabase<AssentDB>) => void;
const MIGRATIONS: Migration[] = [
  // 0 -> 1: key store and outbox.
  (db) => {
    db.createObjectStore('keys', { keyPath: 'name' });
    db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
  },
  // 1 -> 2: the last verified tree head per endpoint.
  (db) => {
    db.createObjectStore('treeHeads', { keyPath: 'endpoint' });
  },
];

export interface ReceiptStorage {
  /** The database name; also the prefix of the Web Locks that guard it. */
  readonly name: string;
  /** False when everything lives in memory (the key and chain restart with the page). */
  readonly persistent: boolean;
  getKey(): Promise<KeyRecord | undefined>;
  /**
   * Stores a new receipt and the chain position after it in one transaction, so the chain advances
   * exactly when the receipt is kept. Drops the oldest entries beyond `maxEntries` and returns them.
   */
  commit(key: KeyRecord, entry: OutboxEntry, maxEntries: number): Promise<OutboxEntry[]>;
  /** Stores a receipt that has no chain (unsigned). */
  add(entry: OutboxEntry, maxEntries: number): Promise<OutboxEntry[]>;
  get(id: string): Promise<OutboxEntry | undefined>;
  put(entry: OutboxEntry): Promise<void>;
  delete(id: string): Promise<void>;
  /** Every waiting receipt, oldest first. */
  list(): Promise<OutboxEntry[]>;
  getTreeHead(endpoint: string): Promise<TreeHeadRecord | undefined>;
  /** Keeps `head` unless a larger head of the same log is stored already (another tab was quicker). */
  putTreeHead(head: TreeHeadRecord): Promise<void>;
  deleteTreeHead(endpoint: string): Promise<void>;
}

/** Whether `head` should replace `stored`: the first head, a larger one, or another log (unpinned on purpose). */
function replaces(head: TreeHeadRecord, stored: TreeHeadRecord | undefined): boolean {
  return !stored || stored.kid !== head.kid || head.treeSize > stored.treeSize;
}

export class MemoryStorage implements ReceiptStorage {
  readonly persistent = false;
  constructor(readonly name: string = DB_NAME) {}
  private key?: KeyRecord;
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly heads = new Map<string, TreeHeadRecord>();

  async getKey() {
    return this.key;
  }
  async commit(key: KeyRecord, entry: OutboxEntry, maxEntries: number) {
    this.key = key;
    return this.add(entry, maxEntries);
  }
  async add(entry: OutboxEntry, maxEntries: number) {
    this.entries.set(entry.id, structuredClone(entry));
    const overflow = this.entries.size - maxEntries;
    if (overflow <= 0) return [];
    const dropped = [...this.entries.values()].sort((a, b) => a.createdAt - b.createdAt).slice(0, overflow);
    for (const old of dropped) this.entries.delete(old.id);
    return dropped;
  }
  async get(id: string) {
    const entry = this.entries.get(id);
    return entry && structuredClone(entry);
  }
  async put(entry: OutboxEntry) {
    if (this.entries.has(entry.id)) this.entries.set(entry.id, structuredClone(entry));
  }
  async delete(id: string) {
    this.entries.delete(id);
  }
  async list() {
    return [...this.entries.values()]
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((entry) => structuredClone(entry));
  }
  async getTreeHead(endpoint: string) {
    const head = this.heads.get(endpoint);
    return head && { ...head };
  }
  async putTreeHead(head: TreeHeadRecord) {
    if (replaces(head, this.heads.get(head.endpoint))) this.heads.set(head.endpoint, { ...head });
  }
  async deleteTreeHead(endpoint: string) {
    this.heads.delete(endpoint);
  }
}

export class IndexedDbStorage implements ReceiptStorage {
  readonly persistent = true;
  private connection?: Promise<IDBPDatabase<AssentDB>>;

  constructor(readonly name: string = DB_NAME) {}

  private db(): Promise<IDBPDatabase<AssentDB>> {
    this.connection ??= openDB<AssentDB>(this.name, DB_VERSION, {
      upgrade(db, oldVersion) {
        for (let version = oldVersion; version < DB_VERSION; version++) MIGRATIONS[version]!(db);
      },
      // A newer copy of the library wants to upgrade the schema: step aside, reconnect on next use.
      blocking: () => this.drop(),
      terminated: () => (this.connection = undefined),
    });
    return this.connection;
  }

  private drop(): void {
    const connection = this.connection;
    this.connection = undefined;
    void connection?.then((db) => db.close());
  }

  /** Opens the database (or fails) within `timeoutMs`, so a blocked upgrade cannot stall receipts. */
  async open(timeoutMs: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('IndexedDB did not open in time')), timeoutMs);
    });
    try {
      await Promise.race([this.db(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async getKey() {
    return (await this.db()).get('keys', 'device');
  }

  async commit(key: KeyRecord, entry: OutboxEntry, maxEntries: number) {
    const db = await this.db();
    const tx = db.transaction(['keys', 'outbox'], 'readwrite');
    void tx.objectStore('keys').put(key);
    const dropped = await this.addIn(tx.objectStore('outbox'), entry, maxEntries);
    await tx.done;
    return dropped;
  }

  async add(entry: OutboxEntry, maxEntries: number) {
    const tx = (await this.db()).transaction('outbox', 'readwrite');
    const dropped = await this.addIn(tx.store, entry, maxEntries);
    await tx.done;
    return dropped;
  }

  private async addIn(
    store: {
      put(value: OutboxEntry): Promise<unknown>;
      count(): Promise<number>;
      index(name: 'createdAt'): { getAll(query?: null, count?: number): Promise<OutboxEntry[]> };
      delete(key: string): Promise<void>;
    },
    entry: OutboxEntry,
    maxEntries: number,
  ): Promise<OutboxEntry[]> {
    await store.put(entry);
    const overflow = (await store.count()) - maxEntries;
    if (overflow <= 0) return [];
    const dropped = await store.index('createdAt').getAll(null, overflow);
    for (const old of dropped) await store.delete(old.id);
    return dropped;
  }

  async get(id: string) {
    return (await this.db()).get('outbox', id);
  }
  async put(entry: OutboxEntry) {
    const tx = (await this.db()).transaction('outbox', 'readwrite');
    // Only update what is still there: another tab may have delivered it meanwhile.
    if (await tx.store.getKey(entry.id)) await tx.store.put(entry);
    await tx.done;
  }
  async delete(id: string) {
    await (await this.db()).delete('outbox', id);
  }
  async list() {
    const entries = await (await this.db()).getAllFromIndex('outbox', 'createdAt');
    return entries.filter((entry) => entry.v === ENTRY_VERSION);
  }
  async getTreeHead(endpoint: string) {
    return (await this.db()).get('treeHeads', endpoint);
  }
  async putTreeHead(head: TreeHeadRecord) {
    const tx = (await this.db()).transaction('treeHeads', 'readwrite');
    if (replaces(head, await tx.store.get(head.endpoint))) await tx.store.put(head);
    await tx.done;
  }
  async deleteTreeHead(endpoint: string) {
    await (await this.db()).delete('treeHeads', endpoint);
  }
}

/** How long opening IndexedDB may take before receipts fall back to memory. */
const OPEN_TIMEOUT_MS = 5000;

/** The database name in use once storage was opened. */
export function openedStorageName(): string | undefined {
  return assentGlobal().singletons.get(NAME_KEY) as string | undefined;
}

/**
 * The page's storage: IndexedDB if it opens, memory otherwise. Decided once per page, under the
 * name (the host's `storageName`) that the first caller gives.
 */
export function getStorage(name: string = DB_NAME): Promise<ReceiptStorage> {
  return shared('storage', async (): Promise<ReceiptStorage> => {
    shared(NAME_KEY, () => name);
    if (typeof indexedDB === 'undefined') return new MemoryStorage(name);
    const storage = new IndexedDbStorage(name);
    try {
      await storage.open(OPEN_TIMEOUT_MS);
      return storage;
    } catch {
      return new MemoryStorage(name);
    }
  });
}
