/**
 * One agreement decision, made in the dialog or on the checkbox: its receipt (signed, stored, handed
 * to delivery) and what the page remembers of it (the agreement store). Elements describe the
 * decision; the rule of what is recorded where lives here, once.
 */
import type { PolicyDocument } from '../document/model.js';
import type { ReceiptDocument, ReceiptElement } from '../receipt/types.js';
import { agreementStore, fingerprintSections } from './agreements.js';

export interface AgreementDecisionDocument extends ReceiptDocument {
  /** The parsed document, when loaded: its sections are remembered to tell later versions apart. */
  policy?: Pick<PolicyDocument, 'blocks'>;
}

export interface AgreementDecision {
  element: Extract<ReceiptElement, 'agreement-dialog' | 'consent-checkbox'>;
  /** What the person did: accepted, declined (the dialog), or withdrew (unticked the checkbox). */
  decision: 'accepted' | 'declined' | 'withdrawn';
  /** An acceptance that acknowledges an updated version: the receipt says `updated`. */
  update?: boolean;
  /** The control used (`accept`, `check`, ...) and its visible text. */
  action: string;
  label: string;
  locale: string;
  documents: AgreementDecisionDocument[];
  /** Separate consent (PIPL) rather than agreement to the documents; implied by `purpose`. */
  separate?: boolean;
  /** The purpose separately consented to. */
  purpose?: string;
  endpoint?: string;
  /** Where `receipt-*` and `assent-error` events go. */
  target: EventTarget;
  /** False: no receipt (a decline the host asked not to record); the store is still written. */
  receipt?: boolean;
  /** Give up waiting for the receipt after this long (the decision stands without its id). */
  timeoutMs?: number;
}

export interface AgreementDecisionResult {
  /** The receipt's id and compact JWS, when one was made in time. */
  receipt?: { id: string; jws: string | null };
}

async function makeReceipt(decision: AgreementDecision): Promise<AgreementDecisionResult['receipt']> {
  const { purpose } = decision;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const recording = receipts().then(({ recordDecision }) =>
    recordDecision({
      type: decision.separate || purpose ? 'separate' : 'agreement',
      decision: decision.decision === 'accepted' && decision.update ? 'updated' : decision.decision,
      locale: decision.locale,
      documents: decision.documents.map(({ id, version, title, sha256, read }) => ({
        id,
        version,
        title,
        sha256,
        read,
      })),
      purposes: purpose ? { [purpose]: decision.decision === 'accepted' } : {},
      method: { element: decision.element, action: decision.action, label: decision.label },
      endpoint: decision.endpoint || undefined,
      target: decision.target,
    }),
  );
  try {
    const recorded = await (decision.timeoutMs === undefined
      ? recording
      : Promise.race([
          recording,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('receipt timed out')), decision.timeoutMs);
          }),
        ]));
    return { id: recorded.id, jws: recorded.jws };
  } catch {
    // The receipts layer has reported the problem (assent-error), or its chunk did not load: the
    // decision still stands.
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Records the decision: the receipt first (unless `receipt: false`), then the agreement store,
 * whatever happened to the receipt (the person did decide). Acceptances remember each document's
 * version, hash and sections; a withdrawal forgets them; separate consent is kept per purpose.
 */
export async function recordAgreementDecision(decision: AgreementDecision): Promise<AgreementDecisionResult> {
  const receipt = decision.receipt === false ? undefined : await makeReceipt(decision);
  const store = agreementStore();
  const { documents, purpose } = decision;
  if (purpose) {
    store.recordSeparate({
      purpose,
      granted: decision.decision === 'accepted',
      receiptId: receipt?.id,
      documents: Object.fromEntries(documents.map((document) => [document.id, document.version])),
    });
  } else if (decision.decision === 'accepted') {
    store.recordAcceptance(
      documents.map((document) => ({
        id: document.id,
        version: document.version,
        sha256: document.sha256,
        title: document.title,
        receiptId: receipt?.id,
        sections: document.policy ? fingerprintSections(document.policy) : undefined,
      })),
    );
  } else if (decision.decision === 'withdrawn') {
    store.forget(documents.map((document) => document.id));
  }
  return { receipt };
}

/** The receipts layer (signing, outbox) loads when the first decision is recorded. */
function receipts() {
  return import('./record.js');
}
