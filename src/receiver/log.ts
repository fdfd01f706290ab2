/**
 * The receiver's transparency log: every stored receipt is a leaf of an RFC 9162 Merkle tree kept
 * in memory, and the receiver signs one tree head per commit batch (not one signature per receipt).
 *
 * The store hands out leaf indexes (one sequence across all processes sharing a database); each
 * process's tree catches up from the store's leaf hashes before it signs, so every head any process
 * signs covers a prefix of the same sequence: heads never fork.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { MerkleTree } from '../receipt/merkle.js';
import { base64urlEncode } from '../receipt/base64url.js';
import { compactJws, jwsSigningInput, thumbprintInput, type PublicJwk } from '../receipt/jws.js';
import type { AppendOptions, AppendResult, NewReceipt, ReceiptStore, StoredReceipt } from './store.js';

/** Lowercase hex through Buffer: the receiver's hot path (proofs in every answer). */
const hex = (hash: Uint8Array) => Buffer.from(hash.buffer, hash.byteOffset, hash.length).toString('hex');

export const TREE_HEAD_TYP = 'assent-tree-head+jws';

/** The signed statement: which log, how many leaves, their root, and when (RFC 8785 JSON). */
export interface TreeHeadPayload {
  log: string;
  treeSize: number;
  rootHash: string;
  timestamp: string;
}

export interface TreeHead extends TreeHeadPayload {
  /** The compact JWS over the payload. */
  jws: string;
}

/** sha256(0x00 ‖ bytes): the RFC 9162 hash of one leaf (the compact JWS as received). */
export function receiptLeafHash(jws: string): Uint8Array {
  return createHash('sha256').update(LEAF_PREFIX).update(jws, 'latin1').digest();
}
const LEAF_PREFIX = new Uint8Array([0]);

/** The receiver's own ES256 key: signs tree heads; `kid` (RFC 7638) names the log. */
export class ReceiverKey {
  readonly jwk: PublicJwk;
  readonly kid: string;
  private readonly key: KeyObject;
  /** The protected header, the same for every tree head. */
  private readonly header: object;

  constructor(key: KeyObject | string) {
    this.key = typeof key === 'string' ? createPrivateKey(key) : key;
    const exported = createPublicKey(this.key).export({ format: 'jwk' });
    if (exported.crv !== 'P-256') throw new Error('The receiver key must be a P-256 (ES256) key.');
    this.jwk = { kty: 'EC', crv: 'P-256', x: exported.x!, y: exported.y! };
    this.kid = base64urlEncode(createHash('sha256').update(thumbprintInput(this.jwk)).digest());
    this.header = { alg: 'ES256', typ: TREE_HEAD_TYP, jwk: this.jwk, kid: this.kid };
  }

  /** Reads the PKCS#8 PEM key in `file`, making one (mode 0600) on first run. */
  static fromFile(file: string): ReceiverKey {
    if (!existsSync(file)) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    }
    return new ReceiverKey(readFileSync(file, 'utf8'));
  }

  /** A compact JWS (ES256) over the RFC 8785 form of `payload`. */
  sign(payload: object): string {
    const input = jwsSigningInput(this.header, payload);
    const signature = sign('sha256', Buffer.from(input), { key: this.key, dsaEncoding: 'ieee-p1363' });
    return compactJws(input, signature);
  }
}

export interface LogEntry {
  result: AppendResult;
  /** The stored receipt (new or earlier); none when the quota refused it (`result.quotaExceeded`). */
  receipt: StoredReceipt | undefined;
  /** A head that includes the receipt. */
  head: TreeHead;
}

interface Pending {
  receipt: NewReceipt;
  resolve: (entry: LogEntry) => void;
  reject: (error: unknown) => void;
}

/** Receipts per store transaction at most (PostgreSQL's 65,535 parameters, 15 per receipt). */
const MAX_BATCH = 2000;

export class ReceiptLog {
  private readonly tree = new MerkleTree();
  private head: TreeHead | undefined;
  private pending: Pending[] = [];
  private flushing = false;
  /** Resolves when the batch being committed (if any) has committed or failed. */
  private idle: Promise<void> = Promise.resolve();
  /** Serialises catch-up and signing: the tree only grows by one caller at a time. */
  private serial: Promise<unknown> = Promise.resolve();
  /** Counts for benchmarks and monitoring: commit batches, receipts in them, heads signed. */
  readonly stats = { batches: 0, receipts: 0, heads: 0 };

  /**
   * @param commitWindowMs how long the first receipt of a batch may wait for others to share its
   *   commit and its head (0: until the current turn of the event loop ends).
   * @param appendOptions passed to every `store.append` (the per-key daily quota).
   */
  constructor(
    private readonly store: ReceiptStore,
    readonly key: ReceiverKey,
    private readonly commitWindowMs = 0,
    private readonly appendOptions: AppendOptions = {},
  ) {}

  /**
   * Stores a receipt (or finds the one stored under its id) in the next commit batch: receipts
   * that arrive while a batch commits share the next one, with one signed head for all of them.
   */
  append(receipt: NewReceipt): Promise<LogEntry> {
    return new Promise((resolve, reject) => {
      this.pending.push({ receipt, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        this.idle = new Promise<void>((settle) => {
          const flush = () => void this.flush().then(settle);
          if (this.commitWindowMs > 0) setTimeout(flush, this.commitWindowMs);
          else setImmediate(flush);
        });
      }
    });
  }

  /** Resolves once no batch is committing: the store may then be closed without cutting one off. */
  settled(): Promise<void> {
    return this.idle;
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        const { results, size } = await this.store.append(
          batch.map(({ receipt }) => receipt),
          this.appendOptions,
        );
        this.stats.batches++;
        this.stats.receipts += batch.length;
        const head = await this.exclusive(async () => {
          // Fast path: the leaves just committed follow the tree's own (no other writer in between).
          const created = results.flatMap((result) => (result.created ? [result.receipt] : []));
          if (
            created.length > 0 &&
            created[0]!.leafIndex === this.tree.size &&
            size === this.tree.size + created.length
          ) {
            for (const receipt of created) this.tree.append(receipt.leafHash);
          }
          await this.catchUp(size);
          return this.signedHead();
        });
        batch.forEach(({ resolve }, index) => {
          const result = results[index]!;
          resolve({ result, receipt: result.created ? result.receipt : result.existing, head });
        });
      } catch (error) {
        for (const { reject } of batch) reject(error);
      }
    }
    this.flushing = false;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.serial.then(work);
    this.serial = result.catch(() => {});
    return result;
  }

  /** Appends the store's leaves the tree lacks, at least up to `size`. */
  private async catchUp(size = 0): Promise<void> {
    if (this.tree.size >= size && size > 0) return;
    const hashes = await this.store.leafHashes(this.tree.size);
    for (const hash of hashes) this.tree.append(hash);
    if (this.tree.size < size) throw new Error(`The log store has ${this.tree.size} leaves, not ${size}.`);
  }

  /** The head for the tree's current size: signed once per size. */
  private signedHead(): TreeHead {
    if (this.head?.treeSize === this.tree.size) return this.head;
    const payload: TreeHeadPayload = {
      log: this.key.kid,
      treeSize: this.tree.size,
      rootHash: hex(this.tree.root()),
      timestamp: new Date().toISOString(),
    };
    this.head = { ...payload, jws: this.key.sign(payload) };
    this.stats.heads++;
    return this.head;
  }

  /** The latest head, after catching up with what other processes stored. */
  latestHead(): Promise<TreeHead> {
    return this.exclusive(async () => {
      await this.catchUp();
      return this.signedHead();
    });
  }

  /** The size the tree has in this process (at least the size of every head it signed). */
  get size(): number {
    return this.tree.size;
  }

  /** Makes sure the tree holds `size` leaves (catching up from the store); false when the log is smaller. */
  async reach(size: number): Promise<boolean> {
    if (size <= this.tree.size) return true;
    await this.exclusive(() => this.catchUp());
    return size <= this.tree.size;
  }

  inclusionProof(leafIndex: number, treeSize: number): string[] {
    return this.tree.inclusionProof(leafIndex, treeSize).map(hex);
  }

  consistencyProof(first: number, second: number): string[] {
    return this.tree.consistencyProof(first, second).map(hex);
  }
}
