/**
 * A cookie decision whose receipt is not made yet. The choice is stored in the click, but signing loads
 * after it (the banner's extras script, or an ESM chunk): a page closed in between would keep the
 * choice and lose its receipt. So the receipt's input waits in localStorage until it is recorded, and
 * the next page of the origin that finds it next to the same stored decision records it.
 */
import type { DecisionInput } from '../receipt/types.js';
import type { CookieConfig } from './config.js';
import { cookieName } from './storage.js';

interface Pending {
  /** `updatedAt` of the stored decision the receipt belongs to. */
  updatedAt: number;
  input: DecisionInput;
}

function key(config: CookieConfig): string {
  return `assent:pending-receipt:${cookieName(config)}`;
}

function area(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // blocked storage throws on access: the receipt is then made on this page only
  }
}

/** Keeps the receipt input of the decision stored at `updatedAt` until {@link dropPending}. */
export function keepPending(config: CookieConfig, updatedAt: number, input: DecisionInput): void {
  const { target: _target, ...stored } = input;
  try {
    area()?.setItem(key(config), JSON.stringify({ updatedAt, input: stored } satisfies Pending));
  } catch {
    // Full or blocked: nothing more to do than on a page without storage.
  }
}

/** Forgets the waiting input once its receipt was recorded (or could never be). */
export function dropPending(config: CookieConfig, updatedAt: number): void {
  if (readPending(config)?.updatedAt === updatedAt) area()?.removeItem(key(config));
}

/** The receipt input waiting for the decision stored at `updatedAt`; anything else found is dropped. */
export function pendingFor(config: CookieConfig, updatedAt: number): DecisionInput | undefined {
  const pending = readPending(config);
  if (!pending) return undefined;
  if (pending.updatedAt === updatedAt) return pending.input;
  area()?.removeItem(key(config)); // a later decision replaced it
  return undefined;
}

function readPending(config: CookieConfig): Pending | undefined {
  const raw = area()?.getItem(key(config));
  if (raw === null || raw === undefined) return undefined;
  let pending: Partial<Pending> | null = null;
  try {
    pending = JSON.parse(raw) as Partial<Pending> | null;
  } catch {
    // malformed: dropped below
  }
  // The receipts layer checks the input itself (`invalid-decision`); here only its envelope.
  if (
    typeof pending === 'object' &&
    pending !== null &&
    typeof pending.updatedAt === 'number' &&
    typeof pending.input === 'object' &&
    pending.input !== null
  )
    return pending as Pending;
  area()?.removeItem(key(config));
  return undefined;
}
