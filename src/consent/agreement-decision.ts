/**
 * One agreement decision, made in the dialog or on the checkbox: its receipt (signed, stored, handed
 * to delivery) and what the page remembers of it (the agreement store). Elements describe the
 * decision; the rule of what is recorded where lives here, once.
 */
import type { PolicyDocument } from '../document/model.js';
import type { ReceiptActor, ReceiptDocument, ReceiptElement, RecordedReceipt } from '../receipt/types.js';
import { agreementStore, fingerprintSections } from './agreements.js';
import { ReceiptError } from './errors.js';
import { decisionHistory } from './history.js';

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
  /** `guardian` when a parent or guardian decides for a minor (PIPL art. 31). */
  actor?: ReceiptActor;
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
      ...(decision.actor ? { actor: decision.actor } : {}),
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

export interface WithdrawOptions {
  /** The visible text of the control used (the receipt's `method.label`). */
  label: string;
  /** BCP 47 tag of the language shown. */
  locale: string;
  /** The element asking (`method.element`). */
  element?: ReceiptElement;
  /** Where the receipt events go (default document). */
  target?: EventTarget;
  endpoint?: string;
}

/** Reading is not observed when withdrawing: the receipt names the documents, not a new reading of them. */
const NOT_READ = { reachedEnd: false, dwellMs: 0, keyClausesSeen: 0, keyClausesTotal: 0 };

/**
 * Withdraws an agreement or a separate consent in one step: a signed `withdrawn` receipt naming the
 * same documents (and purposes, refused), made by the same actor; the stored acceptance is forgotten
 * so the boxes are no longer ticked and the dialog asks again. Cookie and permission choices are
 * withdrawn through the consent engine (`consent.withdraw`), which also clears what they left.
 * Rejects with `ReceiptError` (`invalid-decision`) when the decision is unknown or not withdrawable.
 */
export async function withdrawDecision(
  receiptId: string,
  options: WithdrawOptions,
): Promise<RecordedReceipt> {
  const entry = decisionHistory().find((record) => record.id === receiptId);
  if (!entry || !entry.withdrawable || entry.type === 'cookie') {
    throw new ReceiptError(
      'invalid-decision',
      `Receipt ${receiptId} names no withdrawable agreement or consent.`,
    );
  }
  const { recordDecision } = await receipts();
  const documents: ReceiptDocument[] = entry.documents.map((doc) => ({ ...doc, read: { ...NOT_READ } }));
  const purposes = Object.fromEntries(Object.keys(entry.purposes).map((purpose) => [purpose, false]));
  const receipt = await recordDecision({
    type: entry.type,
    decision: 'withdrawn',
    locale: options.locale,
    documents,
    purposes,
    method: { element: options.element ?? 'consent-history', action: 'withdraw', label: options.label },
    ...(entry.actor ? { actor: entry.actor } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    target: options.target,
  });
  const store = agreementStore();
  if (entry.type === 'agreement') store.forget(entry.documents.map((doc) => doc.id));
  else {
    const versions = Object.fromEntries(entry.documents.map((doc) => [doc.id, doc.version]));
    for (const purpose of Object.keys(entry.purposes))
      store.recordSeparate({ purpose, granted: false, receiptId: receipt.id, documents: versions });
  }
  return receipt;
}

/** The receipts layer (signing, outbox) loads when the first decision is recorded. */
function receipts() {
  return import('./record.js');
}
