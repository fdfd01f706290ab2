/**
 * The decisions this browser made on this origin, as their receipts said: what a privacy centre
 * (`<consent-history>`) lists and withdraws from. The outbox forgets a receipt once the backend has
 * it, so every recorded receipt also leaves a short entry here (no signature, no reading evidence:
 * the receipt itself is at the backend). Kept in localStorage as one versioned, bounded record; it
 * never throws: missing, blocked, full or unreadable storage behaves as an empty history.
 */
import { shared } from '../internal/global.js';
import type {
  Decision,
  ReceiptActor,
  ReceiptElement,
  ReceiptPayload,
  ReceiptType,
} from '../receipt/types.js';

export const HISTORY_STORAGE_KEY = 'assent:history';
export const HISTORY_STATE_VERSION = 1;
/** Entries kept at most; the oldest go first (their receipts stay at the backend). */
export const HISTORY_LIMIT = 200;

/** One receipt as the history keeps it. */
export interface HistoryEntry {
  /** The receipt id. */
  id: string;
  type: ReceiptType;
  decision: Decision;
  issuedAt: string;
  locale: string;
  actor?: ReceiptActor;
  validUntil?: string;
  documents: { id: string; version: string; title: string; sha256: string }[];
  purposes: Record<string, boolean>;
  element: ReceiptElement;
  action: string;
  /** False for an unsigned receipt (no secure context, `allowUnsigned`). */
  signed: boolean;
  /** The outbox gave it up unacknowledged (too old, or the outbox was full). */
  lost?: boolean;
}

/**
 * Where a decision stands now: `current` (the latest on its subject and in force), `superseded` (a
 * later decision on the same documents or purposes replaced it), `expired` (its `validUntil` passed).
 */
export type DecisionStanding = 'current' | 'superseded' | 'expired';

export interface DecisionRecord extends HistoryEntry {
  /** What the decision is about: the same documents, the same separate purposes, or the cookie choice. */
  subject: string;
  standing: DecisionStanding;
  /** A current grant that `withdrawDecision` (or, for cookie choices, the consent engine) can take back. */
  withdrawable: boolean;
}

interface StoredHistory {
  v: typeof HISTORY_STATE_VERSION;
  entries: HistoryEntry[];
}

const TYPES = ['agreement', 'separate', 'cookie'];
const DECISIONS = ['accepted', 'declined', 'withdrawn', 'updated'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';

function validEntry(value: unknown): value is HistoryEntry {
  return (
    isRecord(value) &&
    isString(value.id) &&
    TYPES.includes(value.type as string) &&
    DECISIONS.includes(value.decision as string) &&
    isString(value.issuedAt) &&
    Number.isFinite(Date.parse(value.issuedAt)) &&
    isString(value.locale) &&
    (value.actor === undefined || value.actor === 'self' || value.actor === 'guardian') &&
    (value.validUntil === undefined ||
      (isString(value.validUntil) && !isNaN(Date.parse(value.validUntil)))) &&
    Array.isArray(value.documents) &&
    value.documents.every(
      (doc) =>
        isRecord(doc) &&
        isString(doc.id) &&
        isString(doc.version) &&
        isString(doc.title) &&
        isString(doc.sha256),
    ) &&
    isRecord(value.purposes) &&
    Object.values(value.purposes).every((on) => typeof on === 'boolean') &&
    isString(value.element) &&
    isString(value.action) &&
    typeof value.signed === 'boolean'
  );
}

/** Reads a stored history; anything unreadable or of another version is an empty one, bad entries are skipped. */
export function parseHistory(raw: string | null): HistoryEntry[] {
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!isRecord(parsed) || parsed.v !== HISTORY_STATE_VERSION || !Array.isArray(parsed.entries)) return [];
  const seen = new Set<string>();
  return parsed.entries.filter((entry): entry is HistoryEntry => {
    if (!validEntry(entry) || seen.has(entry.id)) return false;
    seen.add(entry.id);
    return true;
  });
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // opaque origins and blocked storage throw on access
  }
}

interface HistoryStore {
  read(): HistoryEntry[];
  add(entry: HistoryEntry): void;
  mark(id: string, change: Partial<Pick<HistoryEntry, 'lost'>>): void;
  clear(): void;
  subscribe(listener: () => void): () => void;
}

function createStore(): HistoryStore {
  const listeners = new Set<() => void>();
  // What was last written, for when storage is missing or refused the write: it is newer than storage.
  let memory: HistoryEntry[] | undefined;
  let unsaved = false;

  const notify = () => {
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        console.error(error);
      }
    }
  };
  const read = (): HistoryEntry[] => {
    const store = storage();
    if (!store || unsaved) return structuredClone(memory ?? []);
    try {
      return parseHistory(store.getItem(HISTORY_STORAGE_KEY));
    } catch {
      return structuredClone(memory ?? []);
    }
  };
  const write = (entries: HistoryEntry[]): void => {
    const kept = entries.slice(-HISTORY_LIMIT);
    memory = kept;
    try {
      const store = storage();
      const state: StoredHistory = { v: HISTORY_STATE_VERSION, entries: kept };
      store?.setItem(HISTORY_STORAGE_KEY, JSON.stringify(state));
      unsaved = !store;
    } catch {
      unsaved = true; // quota: this visit keeps the history in memory
    }
    notify();
  };

  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (event) => {
      if (event.key !== HISTORY_STORAGE_KEY && event.key !== null) return;
      memory = undefined;
      unsaved = false;
      notify();
    });
    // The delivery layer announces receipts it gave up on; it never imports this module.
    document.addEventListener('receipt-delivery-failed', (event) => {
      const { id, error } = event.detail;
      if (error === 'expired' || error === 'dropped') store.mark(id, { lost: true });
    });
    // Delivery state lives in the outbox: a change there is a change of what the history shows.
    document.addEventListener('receipt-delivered', notify);
  }

  const store: HistoryStore = {
    read,
    add(entry) {
      const entries = read().filter((existing) => existing.id !== entry.id);
      entries.push(entry);
      write(entries);
    },
    mark(id, change) {
      const entries = read();
      const entry = entries.find((existing) => existing.id === id);
      if (!entry) return;
      Object.assign(entry, change);
      write(entries);
    },
    clear() {
      unsaved = false;
      write([]);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return store;
}

function historyStore(): HistoryStore {
  return shared('history', createStore);
}

/** Called by `recordDecision` for every receipt it recorded (signed or not). */
export function rememberReceipt(payload: ReceiptPayload, signed: boolean): void {
  historyStore().add({
    id: payload.id,
    type: payload.type,
    decision: payload.decision,
    issuedAt: payload.issuedAt,
    locale: payload.locale,
    ...(payload.actor ? { actor: payload.actor } : {}),
    ...(payload.validUntil ? { validUntil: payload.validUntil } : {}),
    documents: payload.documents.map(({ id, version, title, sha256 }) => ({ id, version, title, sha256 })),
    purposes: { ...payload.purposes },
    element: payload.method.element,
    action: payload.method.action,
    signed,
  });
}

/** What a decision is about: decisions on the same subject replace each other. */
export function subjectOf(entry: Pick<HistoryEntry, 'type' | 'documents' | 'purposes'>): string {
  // Cookie choices of one configuration name the same categories and services; another site section's
  // configuration (or a single service allowed from a placeholder) is a subject of its own.
  if (entry.type !== 'agreement') return `${entry.type}:${Object.keys(entry.purposes).sort().join(' ')}`;
  return `agreement:${entry.documents
    .map((doc) => doc.id)
    .sort()
    .join(' ')}`;
}

/** A decision that grants something (a refusal or a withdrawal has nothing left to take back). */
function grants(entry: HistoryEntry): boolean {
  if (entry.decision !== 'accepted' && entry.decision !== 'updated') return false;
  return entry.type === 'agreement' || Object.values(entry.purposes).some(Boolean);
}

/**
 * Every decision this browser recorded on this origin, newest first, with where it stands now.
 * Delivery state is not here: ask the delivery layer (`deliveryStates`) for the receipts still waiting.
 */
export function decisionHistory(now: number = Date.now()): DecisionRecord[] {
  const entries = historyStore().read();
  const latest = new Map<string, string>();
  for (const entry of entries) {
    const subject = subjectOf(entry);
    const known = entries.find((other) => other.id === latest.get(subject));
    if (!known || Date.parse(entry.issuedAt) >= Date.parse(known.issuedAt)) latest.set(subject, entry.id);
  }
  return entries
    .map((entry): DecisionRecord => {
      const subject = subjectOf(entry);
      const expired = entry.validUntil !== undefined && Date.parse(entry.validUntil) <= now;
      const standing: DecisionStanding =
        latest.get(subject) !== entry.id ? 'superseded' : expired ? 'expired' : 'current';
      return { ...entry, subject, standing, withdrawable: standing === 'current' && grants(entry) };
    })
    .sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt));
}

/** Calls `listener` when the history changes (a new receipt, a delivery, another tab). Returns the unsubscribe. */
export function onHistoryChange(listener: () => void): () => void {
  return historyStore().subscribe(listener);
}

/** Forgets the history (tests, "reset my choices"); the receipts at the backend stay. */
export function clearHistory(): void {
  historyStore().clear();
}
