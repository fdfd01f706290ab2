/**
 * The per-browser signing key and its hash chain. One signer per page (shared by every copy of the
 * library); across tabs a Web Lock makes reading the chain position, signing and storing one step,
 * so two tabs never sign the same `seq` (a fork).
 */
import { withLock } from '../internal/locks.js';
import {
  ENTRY_VERSION,
  getStorage,
  type KeyRecord,
  type OutboxEntry,
  type ReceiptStorage,
} from '../internal/store.js';
import { shared } from '../internal/global.js';
import { base64urlEncode, toHex, utf8 } from '../receipt/base64url.js';
import { RECEIPT_TYP, compactJws, jwsSigningInput, thumbprintInput, type PublicJwk } from '../receipt/jws.js';
import { getConfig } from './config.js';
import { ReceiptError } from './errors.js';
import type { ReceiptPayload } from '../receipt/types.js';

/** A payload before the chain fields are filled in. */
export type DraftPayload = Omit<ReceiptPayload, 'seq' | 'prev' | 'ephemeralKey'>;

export interface SignedReceipt {
  payload: ReceiptPayload;
  jws: string;
  entry: OutboxEntry;
  /** Receipts the bounded outbox dropped to make room. */
  dropped: OutboxEntry[];
  /** Set when the outbox could not store the receipt (it is delivered from memory). */
  storageError?: unknown;
}

/**
 * Signing and storing one receipt takes milliseconds; a tab that holds the chain for this long is
 * stuck (frozen, cached, a stalled storage call). Taking the lock from it risks one fork, which the
 * receiver reports as a chain status; waiting on it would leave every later decision unsigned.
 */
const CHAIN_LOCK_STEAL_MS = 10_000;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' } as const;

export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text))));
}

async function createKey(): Promise<KeyRecord> {
  // Private key non-extractable: script on the page can sign with it but never read it out.
  const pair = await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
  const exported = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const jwk: PublicJwk = { kty: 'EC', crv: 'P-256', x: exported.x!, y: exported.y! };
  const kid = base64urlEncode(new Uint8Array(await crypto.subtle.digest('SHA-256', thumbprintInput(jwk))));
  return { name: 'device', privateKey: pair.privateKey, jwk, kid, seq: 0, prev: null, createdAt: Date.now() };
}

/**
 * Compact JWS (ES256) over the RFC 8785 form of `payload`. Written against WebCrypto directly: about
 * 1 kB gzip with the base64url and thumbprint helpers, where jose's CompactSign, exportJWK and
 * calculateJwkThumbprint add about 4.7 kB gzip to the banner bundle (esbuild, minified).
 */
export async function signCompact(key: KeyRecord, payload: ReceiptPayload): Promise<string> {
  const header = { alg: 'ES256', typ: RECEIPT_TYP, jwk: key.jwk, kid: key.kid };
  const signingInput = jwsSigningInput(header, payload);
  const signature = await crypto.subtle.sign(SIGNATURE, key.privateKey, utf8(signingInput));
  return compactJws(signingInput, new Uint8Array(signature));
}

export class DeviceSigner {
  private queue: Promise<unknown> = Promise.resolve();
  /** The chain position this page last wrote; wins over storage if a write failed. */
  private latest?: KeyRecord;

  /** Signs `draft` as the next receipt of the chain and stores it in the outbox, atomically. */
  sign(
    draft: DraftPayload,
    extras: Pick<OutboxEntry, 'endpoint'>,
    maxEntries: number,
  ): Promise<SignedReceipt> {
    const run = async () => {
      const storage = await getStorage(getConfig().storageName);
      return withLock(`${storage.name}:chain`, () => this.signLocked(storage, draft, extras, maxEntries), {
        stealAfterMs: CHAIN_LOCK_STEAL_MS,
      });
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result as Promise<SignedReceipt>;
  }

  private async currentKey(storage: ReceiptStorage): Promise<KeyRecord> {
    let stored: KeyRecord | undefined;
    try {
      stored = await storage.getKey();
    } catch {
      stored = undefined;
    }
    const latest = this.latest;
    if (stored && latest && latest.kid === stored.kid && latest.seq > stored.seq) return latest;
    if (stored) return stored;
    if (latest) return latest;
    return createKey();
  }

  private async signLocked(
    storage: ReceiptStorage,
    draft: DraftPayload,
    extras: Pick<OutboxEntry, 'endpoint'>,
    maxEntries: number,
  ) {
    let key = await this.currentKey(storage);
    const payload: ReceiptPayload = {
      ...draft,
      seq: key.seq,
      prev: key.prev,
      ...(storage.persistent ? {} : { ephemeralKey: true }),
    };
    // The payload is not schema-validated here: record.ts checks what callers supply and builds the rest
    // (the full validator would put ~2 kB gzip on every visitor's banner); tests validate with Ajv.
    let jws: string;
    try {
      jws = await signCompact(key, payload);
    } catch (error) {
      // A stored key the engine can no longer use (profile migrated, storage damaged): start a new
      // chain with a new key, once.
      try {
        key = await createKey();
        payload.seq = 0;
        payload.prev = null;
        jws = await signCompact(key, payload);
      } catch {
        throw new ReceiptError('signing-failed', 'The receipt could not be signed.', { cause: error });
      }
    }
    const next: KeyRecord = { ...key, seq: key.seq + 1, prev: await sha256Hex(jws) };
    const now = Date.now();
    const entry: OutboxEntry = {
      v: ENTRY_VERSION,
      id: payload.id,
      jws,
      payload,
      signed: true,
      ...(extras.endpoint ? { endpoint: extras.endpoint } : {}),
      createdAt: now,
      attempts: 0,
      nextAttemptAt: now,
      parked: false,
    };
    this.latest = next;
    try {
      const dropped = await storage.commit(next, entry, maxEntries);
      return { payload, jws, entry, dropped };
    } catch (storageError) {
      // Quota or a closed database: the receipt still goes out from memory; the chain stays right
      // within this page because `latest` wins over the stale stored position.
      return { payload, jws, entry, dropped: [], storageError };
    }
  }
}

export function getSigner(): DeviceSigner {
  return shared('signer', () => new DeviceSigner());
}
