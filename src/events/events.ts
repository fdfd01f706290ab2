/**
 * Every event Assent dispatches: typed, bubbling and composed so hosts can listen on `document`.
 * Names say what happened; `detail` shapes are part of the public API.
 */
export interface AssentErrorDetail {
  /** Stable machine-readable code, e.g. `insecure-context`, `invalid-config`, `document-load-failed`. */
  code: string;
  message: string;
  cause?: unknown;
}

export interface ReceiptEventDetail {
  id: string;
  /** The compact JWS, when there is one. */
  receipt?: string;
  error?: string;
}

export interface AgreementRequestCloseDetail {
  /** What asked to close: Escape, the close button, or a click on the backdrop (`hide()` closes without asking). */
  source: 'keyboard' | 'close-button' | 'backdrop';
}

export interface AgreementDecisionDetail {
  decision: 'accepted' | 'declined';
  /** Ids of the documents decided on. */
  documents: string[];
  /** The signed receipt (compact JWS), absent when receipts are off or could not be signed. */
  receipt?: string;
  receiptId?: string;
}

export interface AgreementDocumentsChangeDetail {
  /** Ids of the dialog's documents, in tab order. */
  documents: string[];
}

export interface ConsentChangeDetail {
  /** Category, service or purpose id -> granted. */
  purposes: Record<string, boolean>;
  /** Ids whose value changed in this update. */
  changed: string[];
  decision: 'accepted' | 'declined' | 'withdrawn' | 'updated';
  receiptId?: string;
}

export type AssentEventMap = {
  'agreement-request-close': CustomEvent<AgreementRequestCloseDetail>;
  'agreement-accept': CustomEvent<AgreementDecisionDetail>;
  'agreement-decline': CustomEvent<AgreementDecisionDetail>;
  'agreement-documents-change': CustomEvent<AgreementDocumentsChangeDetail>;
  'consent-change': CustomEvent<ConsentChangeDetail>;
  'receipt-created': CustomEvent<ReceiptEventDetail>;
  'receipt-delivered': CustomEvent<ReceiptEventDetail>;
  'receipt-delivery-failed': CustomEvent<ReceiptEventDetail>;
  'assent-error': CustomEvent<AssentErrorDetail>;
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends AssentEventMap {}
}

/** Dispatches a typed Assent event from `target` (bubbling, composed). Returns false if it was canceled. */
export function emit<K extends keyof AssentEventMap>(
  target: EventTarget,
  type: K,
  detail: AssentEventMap[K]['detail'],
  options: { cancelable?: boolean } = {},
): boolean {
  const event = new CustomEvent(type, {
    detail,
    bubbles: true,
    composed: true,
    cancelable: !!options.cancelable,
  });
  return target.dispatchEvent(event);
}

/** Reports a configuration or environment problem as an `assent-error` on `target` (default: document). */
export function reportError(code: string, message: string, target?: EventTarget, cause?: unknown): void {
  const where = target ?? (typeof document !== 'undefined' ? document : undefined);
  if (where) emit(where, 'assent-error', { code, message, cause });
  else console.error(`[assent] ${code}: ${message}`);
}
