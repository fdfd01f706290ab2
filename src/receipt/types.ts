/**
 * The contract between the elements and the receipts layer. Elements describe a decision; `consent/`
 * turns it into a signed receipt (payload per `receipt.schema.json` v1) and hands it to `delivery/`.
 */
export const RECEIPT_TYPES = ['agreement', 'separate', 'cookie'] as const;
export const DECISIONS = ['accepted', 'declined', 'withdrawn', 'updated'] as const;
export const RECEIPT_ELEMENTS = [
  'agreement-dialog',
  'consent-checkbox',
  'privacy-banner',
  'cookie-manager',
  'consent-history',
  'api',
] as const;
/** Who decided: the person themself, or a parent or guardian deciding for a minor (PIPL art. 31). */
export const ACTORS = ['self', 'guardian'] as const;

export type ReceiptType = (typeof RECEIPT_TYPES)[number];
export type Decision = (typeof DECISIONS)[number];
export type ReceiptElement = (typeof RECEIPT_ELEMENTS)[number];
export type ReceiptActor = (typeof ACTORS)[number];

/** Whether `value` is one of the enumeration's members. */
export function isOneOf<T extends string>(members: readonly T[], value: unknown): value is T {
  return (members as readonly unknown[]).includes(value);
}

export interface ReadEvidence {
  reachedEnd: boolean;
  dwellMs: number;
  keyClausesSeen: number;
  keyClausesTotal: number;
  keyClauseIds?: string[];
}

export interface ReceiptDocument {
  id: string;
  version: string;
  title: string;
  sha256: string;
  read: ReadEvidence;
}

export interface ReceiptMethod {
  element: ReceiptElement;
  /** e.g. accept, decline, accept-all, reject-all, save, withdraw. */
  action: string;
  /** The visible text of the control the person used. */
  label: string;
}

/** The signed payload, exactly `receipt.schema.json` version 1. */
export interface ReceiptPayload {
  v: 1;
  id: string;
  type: ReceiptType;
  decision: Decision;
  issuedAt: string;
  locale: string;
  subject?: string;
  /** Absent means `self`. */
  actor?: ReceiptActor;
  nonce?: string;
  page: string;
  seq: number;
  prev: string | null;
  ephemeralKey?: boolean;
  /** Canonical-text version of every `documents[].sha256` (`assent-text/1`, `assent-text/2`, …). */
  canon: string;
  documents: ReceiptDocument[];
  purposes: Record<string, boolean>;
  method: ReceiptMethod;
  /** When this consent lapses and is asked again (ISO 8601); absent when it does not lapse. */
  validUntil?: string;
  extensions?: Record<string, unknown>;
}

/** What an element says about a decision; the receipts layer adds id, time, page, chain and signature. */
export interface DecisionInput {
  type: ReceiptType;
  decision: Decision;
  /** BCP 47 tag of the language the person saw. */
  locale: string;
  documents?: ReceiptDocument[];
  purposes?: Record<string, boolean>;
  method: ReceiptMethod;
  /** `guardian` when a parent or guardian decides for a minor; absent for the person themself. */
  actor?: ReceiptActor;
  /** When the consent lapses (ISO 8601 date-time, or a Date); absent when it does not. */
  validUntil?: string | Date;
  extensions?: Record<string, unknown>;
  /** Per-element endpoint override (the element's `endpoint` attribute). */
  endpoint?: string;
  /** Where receipt-created / receipt-delivered / receipt-delivery-failed / assent-error are dispatched (default: document). */
  target?: EventTarget;
}

export interface RecordedReceipt {
  id: string;
  payload: ReceiptPayload;
  /** The compact JWS; null when it could not be signed (no secure context) and unsigned receipts were allowed. */
  jws: string | null;
  /** False when nothing was recorded (a decline with `recordDeclines: false`); the payload was never stored or sent. */
  recorded?: boolean;
  /** False for an unsigned receipt (no secure context, `allowUnsigned: true`). */
  signed?: boolean;
  /** The unsecured JWS (`alg: none`) sent in place of a signed one, when unsigned. */
  unsecured?: string;
  /** True when the key lives in memory only (no IndexedDB): the chain restarts with each page load. */
  ephemeralKey?: boolean;
}
