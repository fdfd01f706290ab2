/**
 * /receipts.html: what the reference receiver stored (GET /api/receipts), newest first, with each
 * receipt's documents and hashes, the receiver's signature check and chain status, and a button that
 * signs and sends a withdrawal of an acceptance (a receipt of its own, decision `withdrawn`). The
 * receiver's current signed tree head is verified here, and so is each receipt's inclusion in it.
 */
import type { DecisionInput, ReceiptDocument, ReceiptType } from '../../src/receipt/types.js';
import { applyLanguage, loadAssent, pageText, showStatus } from './page.js';

applyLanguage();
await loadAssent();
const { recordDecision } = await import('../../src/index.js');
const { agreementStore } = await import('../../src/consent/agreements.js');
const { verifyReceipt, verifyTreeHead, verifyInclusion } = await import('../../src/verify/index.js');

/** One stored receipt as the receiver lists it (fields read defensively: the list is the receiver's API). */
export interface ListedReceipt {
  id: string;
  type: ReceiptType;
  decision: string;
  issuedAt?: string;
  receivedAt?: string;
  documents: Pick<ReceiptDocument, 'id' | 'version' | 'title' | 'sha256'>[];
  purposes: Record<string, boolean>;
  kid?: string;
  /** Position in the signing key's chain. */
  seq: number;
  /** The receiver's verdict on the signature. */
  verified: boolean;
  /** This page's own check of the stored JWS with `assent/verify` (WebCrypto); undefined when not checked. */
  verifiedHere?: boolean;
  chainIntact: boolean;
  /** The stored compact JWS and its leaf in the receiver's transparency log. */
  jws?: string;
  leafIndex?: number;
  /** This page's check of the receipt's inclusion in the current signed tree head. */
  inLog?: boolean;
  locale?: string;
  extensions?: Record<string, unknown>;
}

type Loose = Record<string, unknown>;

function asRecord(value: unknown): Loose {
  return typeof value === 'object' && value !== null ? (value as Loose) : {};
}

/** Reads the chain status whichever way the receiver spells it (`chain: 'ok'`, `{ ok }`, `chainIntact`...). */
function chainIntact(item: Loose): boolean {
  const chain = item.chain ?? item.chainStatus ?? item.chainIntact;
  if (typeof chain === 'boolean') return chain;
  if (typeof chain === 'string')
    return ['ok', 'intact', 'valid', 'linked', 'start', 'genesis'].includes(chain);
  const record = asRecord(chain);
  if (typeof record.ok === 'boolean') return record.ok;
  if (typeof record.intact === 'boolean') return record.intact;
  if (typeof record.status === 'string')
    return ['ok', 'intact', 'valid', 'linked', 'start', 'genesis'].includes(record.status);
  return false;
}

export function normaliseReceipt(raw: unknown): ListedReceipt {
  const item = asRecord(raw);
  const payload = asRecord(item.payload);
  const pick = (name: string): unknown => item[name] ?? payload[name];
  const documents = (Array.isArray(pick('documents')) ? (pick('documents') as unknown[]) : []).map((doc) => {
    const d = asRecord(doc);
    return {
      id: String(d.id ?? ''),
      version: String(d.version ?? ''),
      title: String(d.title ?? ''),
      sha256: String(d.sha256 ?? ''),
    };
  });
  const verification = asRecord(item.verification);
  return {
    id: String(pick('id') ?? ''),
    type: String(pick('type') ?? 'agreement') as ReceiptType,
    decision: String(pick('decision') ?? ''),
    issuedAt: typeof pick('issuedAt') === 'string' ? (pick('issuedAt') as string) : undefined,
    receivedAt: typeof item.receivedAt === 'string' ? item.receivedAt : undefined,
    documents,
    purposes: asRecord(pick('purposes')) as Record<string, boolean>,
    kid: typeof item.kid === 'string' ? item.kid : undefined,
    seq: typeof pick('seq') === 'number' ? (pick('seq') as number) : 0,
    verified: item.verified === true || verification.ok === true || verification.verified === true,
    verifiedHere: typeof item.verifiedHere === 'boolean' ? item.verifiedHere : undefined,
    chainIntact: chainIntact(item),
    jws: typeof item.jws === 'string' ? item.jws : undefined,
    leafIndex: typeof item.leafIndex === 'number' ? item.leafIndex : undefined,
    locale: typeof pick('locale') === 'string' ? (pick('locale') as string) : undefined,
    extensions: asRecord(pick('extensions')),
  };
}

/** The signed payload of a compact JWS (the middle part), decoded from base64url UTF-8 JSON. */
function jwsPayload(jws: string): Loose {
  const part = jws.split('.')[1] ?? '';
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return asRecord(JSON.parse(new TextDecoder().decode(bytes)));
}

/** The list gives the receiver's view (verified, chain, receivedAt); the stored JWS gives what was signed. */
async function fetchReceipts(): Promise<ListedReceipt[]> {
  const response = await fetch('/api/receipts?limit=200', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /api/receipts: ${response.status}`);
  const body = (await response.json()) as unknown;
  const list = (
    Array.isArray(body) ? body : (asRecord(body).items ?? asRecord(body).receipts ?? [])
  ) as unknown[];
  const detailed = await Promise.all(
    list.map(async (entry) => {
      const summary = asRecord(entry);
      const detail = await fetch(`/api/receipts/${encodeURIComponent(String(summary.id))}`, {
        headers: { accept: 'application/json' },
      });
      const stored = detail.ok ? asRecord(await detail.json()) : {};
      const jws = stored.jws;
      if (typeof jws !== 'string') return { ...summary, payload: {} };
      const here = await verifyReceipt(jws).catch(() => undefined);
      return {
        ...summary,
        jws,
        leafIndex: stored.leafIndex ?? summary.leafIndex,
        payload: jwsPayload(jws),
        verifiedHere: here?.ok,
      };
    }),
  );
  const receipts = detailed.map((entry) => normaliseReceipt({ ...entry, documents: undefined }));
  // Newest first: by the receiver's clock, then by position in the chain for receipts of the same instant.
  return receipts.sort(
    (a, b) =>
      (b.receivedAt ?? b.issuedAt ?? '').localeCompare(a.receivedAt ?? a.issuedAt ?? '') || b.seq - a.seq,
  );
}

interface VerifiedHead {
  ok: boolean;
  treeSize: number;
  rootHash: string;
  timestamp: string;
  log: string;
}

/** The receiver's current signed tree head, verified here; undefined when it keeps no log. */
async function fetchTreeHead(): Promise<VerifiedHead | undefined> {
  const response = await fetch('/api/log/tree-head', { headers: { accept: 'application/json' } });
  if (!response.ok) return undefined;
  const jws = asRecord(await response.json()).treeHead;
  if (typeof jws !== 'string') return undefined;
  const result = await verifyTreeHead(jws);
  if (!result.ok) return { ok: false, treeSize: 0, rootHash: '', timestamp: '', log: '' };
  return { ok: true, ...result.head };
}

/** Checks each receipt's inclusion proof (public endpoint) against the verified head. */
async function checkInclusion(receipts: ListedReceipt[], head: VerifiedHead): Promise<void> {
  await Promise.all(
    receipts.map(async (receipt) => {
      if (!receipt.jws || receipt.leafIndex === undefined || receipt.leafIndex >= head.treeSize) return;
      const response = await fetch(
        `/api/receipts/${encodeURIComponent(receipt.id)}/proof?treeSize=${head.treeSize}`,
        { headers: { accept: 'application/json' } },
      );
      const proof = response.ok ? asRecord(await response.json()) : {};
      receipt.inLog = verifyInclusion({
        jws: receipt.jws,
        leafIndex: proof.leafIndex as number,
        treeSize: head.treeSize,
        rootHash: head.rootHash,
        proof: proof.inclusionProof as string[],
      }).ok;
    }),
  );
}

function renderHead(head: VerifiedHead | undefined): void {
  const fields = document.getElementById('log-head-fields');
  if (!fields) return;
  const entries: [string, Node | string][] = !head
    ? [['t-head-status', pageText('t-head-none')]]
    : [
        ['t-head-status', badge(head.ok, pageText('t-head-verified'), pageText('t-head-failed'))],
        ...(head.ok
          ? ([
              ['t-head-size', String(head.treeSize)],
              ['t-head-root', code(head.rootHash)],
              ['t-head-time', formatTime(head.timestamp)],
              ['t-head-key', code(head.log)],
            ] as [string, Node | string][])
          : []),
      ];
  fields.replaceChildren(
    ...entries.flatMap(([key, value]) => {
      const term = document.createElement('dt');
      term.textContent = pageText(key);
      const detail = document.createElement('dd');
      detail.dataset.field = key;
      detail.append(value);
      return [term, detail];
    }),
  );
}

function code(text: string): HTMLElement {
  const element = document.createElement('code');
  element.textContent = text;
  return element;
}

function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(document.documentElement.lang);
}

function cell(...children: (Node | string)[]): HTMLTableCellElement {
  const td = document.createElement('td');
  td.append(...children);
  return td;
}

function badge(ok: boolean, okText: string, badText: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = `badge ${ok ? 'ok' : 'bad'}`;
  span.textContent = ok ? okText : badText;
  return span;
}

function documentList(receipt: ListedReceipt): Node {
  const list = document.createElement('ul');
  for (const doc of receipt.documents) {
    const item = document.createElement('li');
    const hash = document.createElement('code');
    hash.textContent = doc.sha256;
    item.append(`${doc.title || doc.id} · ${doc.version} · sha-256 `, hash);
    list.append(item);
  }
  const purposes = Object.entries(receipt.purposes);
  if (purposes.length) {
    const item = document.createElement('li');
    item.textContent = `${pageText('t-purposes')}: ${purposes.map(([id, on]) => `${id} ${on ? '✓' : '✗'}`).join(', ')}`;
    list.append(item);
  }
  return list;
}

/** Ids of acceptances that a later withdrawal already answered. */
function withdrawnIds(receipts: ListedReceipt[]): Set<string> {
  return new Set(
    receipts
      .filter((receipt) => receipt.decision === 'withdrawn')
      .map((receipt) => receipt.extensions?.withdraws)
      .filter((id): id is string => typeof id === 'string'),
  );
}

async function withdraw(receipt: ListedReceipt, label: string): Promise<void> {
  const input: DecisionInput = {
    type: receipt.type,
    decision: 'withdrawn',
    locale: document.documentElement.lang,
    documents: receipt.documents.map((doc) => ({
      ...doc,
      read: { reachedEnd: false, dwellMs: 0, keyClausesSeen: 0, keyClausesTotal: 0 },
    })),
    purposes: Object.fromEntries(Object.keys(receipt.purposes).map((id) => [id, false])),
    method: { element: 'api', action: 'withdraw', label },
    extensions: { withdraws: receipt.id },
  };
  await recordDecision(input);
  // This browser no longer holds the acceptance: the next visit asks again.
  agreementStore().forget(receipt.documents.map((doc) => doc.id));
  showStatus('receipts-status', pageText('t-withdrawn-done'));
}

function row(receipt: ListedReceipt, answered: Set<string>): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.receiptId = receipt.id;
  const time = document.createElement('time');
  time.dateTime = receipt.issuedAt ?? '';
  time.textContent = formatTime(receipt.issuedAt);
  const received = document.createElement('div');
  received.className = 'hint';
  received.textContent = receipt.receivedAt
    ? `${pageText('t-received')} ${formatTime(receipt.receivedAt)}`
    : '';
  const kid = document.createElement('div');
  kid.className = 'hint';
  kid.textContent = receipt.kid ? `kid ${receipt.kid.slice(0, 12)}…` : '';
  const action = cell();
  if (receipt.decision === 'accepted' && !answered.has(receipt.id)) {
    const button = document.createElement('button');
    button.type = 'button';
    const label = pageText('t-withdraw');
    const what =
      receipt.documents.map((doc) => doc.title || doc.id).join('、') ||
      Object.keys(receipt.purposes).join(', ');
    button.textContent = label;
    button.setAttribute('aria-label', `${label} ${what}`.trim());
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await withdraw(receipt, label);
        setTimeout(() => void render(), 500);
      } catch (error) {
        button.disabled = false;
        showStatus('receipts-status', String(error), 'error');
      }
    });
    action.append(button);
  }
  tr.append(
    cell(pageText(`t-${receipt.type}`) || receipt.type),
    cell(pageText(`t-${receipt.decision}`) || receipt.decision),
    cell(time, received),
    cell(documentList(receipt)),
    cell(
      badge(receipt.verified, pageText('t-verified'), pageText('t-unverified')),
      ...(receipt.verifiedHere === undefined
        ? []
        : [' ', badge(receipt.verifiedHere, pageText('t-verified-here'), pageText('t-unverified-here'))]),
      kid,
    ),
    cell(badge(receipt.chainIntact, pageText('t-chain-ok'), pageText('t-chain-bad'))),
    cell(
      ...(receipt.inLog === undefined
        ? []
        : [
            badge(receipt.inLog, pageText('t-in-log'), pageText('t-not-in-log')),
            ...(receipt.leafIndex !== undefined ? [` ${pageText('t-leaf')} ${receipt.leafIndex}`] : []),
          ]),
    ),
    action,
  );
  return tr;
}

async function render(): Promise<void> {
  const body = document.getElementById('receipts-body');
  if (!body) return;
  try {
    const receipts = await fetchReceipts();
    // The head is read after the list, so it covers every receipt listed.
    const head = await fetchTreeHead().catch(() => undefined);
    renderHead(head);
    if (head?.ok) await checkInclusion(receipts, head);
    const answered = withdrawnIds(receipts);
    body.replaceChildren(...receipts.map((receipt) => row(receipt, answered)));
    if (!receipts.length) showStatus('receipts-status', pageText('t-empty'));
  } catch (error) {
    showStatus('receipts-status', `${pageText('t-load-failed')}: ${String(error)}`, 'error');
  }
}

document.getElementById('refresh')?.addEventListener('click', () => void render());
document.addEventListener('receipt-delivered', () => void render());
await render();
