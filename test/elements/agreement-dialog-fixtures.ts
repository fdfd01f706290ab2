/**
 * Hand-made policy documents for the dialog and checkbox tests: the model exactly as `src/document`
 * produces it, built directly so a test controls length, headings and key clauses.
 */
import { configure, resetConfig } from '../../src/consent/config.js';
import { decodeJwsPart } from '../support/payload.js';
import { agreementStore } from '../../src/consent/agreements.js';
import type { ReceiptPayload } from '../../src/receipt/types.js';
import type { Block, PolicyDocument } from '../../src/document/model.js';
import { until as untilHolds } from '../support/wait.js';

export interface DocSpec {
  id: string;
  title: string;
  version?: string;
  /** Number of sections (heading + paragraphs). */
  sections?: number;
  /** Paragraphs per section. */
  paragraphs?: number;
  /** Sections whose first paragraph holds a key clause. */
  keyIn?: number[];
  effectiveDate?: string;
  /** Appended to every paragraph of section `n` (to make a section's text differ between versions). */
  edit?: Record<number, string>;
}

export function hex(seed: string): string {
  let out = '';
  let h = 2166136261;
  while (out.length < 64) {
    for (const c of seed + out.length) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

export function makeDoc(spec: DocSpec): PolicyDocument {
  const { id, title, version = '1', sections = 8, paragraphs = 3, keyIn = [] } = spec;
  const blocks: Block[] = [];
  const toc: PolicyDocument['toc'] = [];
  const keyClauses: PolicyDocument['keyClauses'] = [];
  for (let s = 1; s <= sections; s++) {
    const headingId = `${id}-h${s}`;
    blocks.push({
      kind: 'heading',
      id: headingId,
      level: 2,
      label: `${s}.`,
      content: [{ kind: 'text', text: `Section ${s}` }],
    });
    toc.push({ id: headingId, level: 2, label: `${s}.`, text: `Section ${s}` });
    for (let p = 1; p <= paragraphs; p++) {
      const blockId = `${id}-p${s}-${p}`;
      const text = `Paragraph ${s}.${p} of ${title}. ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(3)}${spec.edit?.[s] ?? ''}`;
      if (p === 1 && keyIn.includes(s)) {
        const clauseId = `${id}-k${s}`;
        keyClauses.push({ id: clauseId, text: `Key clause of section ${s}`, blockId });
        blocks.push({
          kind: 'paragraph',
          id: blockId,
          content: [
            { kind: 'text', text },
            { kind: 'key', clauseId, children: [{ kind: 'text', text: `Key clause of section ${s}` }] },
          ],
        });
      } else blocks.push({ kind: 'paragraph', id: blockId, content: [{ kind: 'text', text }] });
    }
  }
  const canonicalText = `${title}\n${version}\n${JSON.stringify(blocks)}`;
  return {
    id,
    version,
    title,
    format: 'markdown',
    blocks,
    toc,
    keyClauses,
    metadata: {},
    canonicalText,
    canon: 'assent-text/1',
    sha256: hex(canonicalText),
    ...(spec.effectiveDate ? { effectiveDate: spec.effectiveDate } : {}),
  };
}

/** Decodes a compact JWS payload (UTF-8 JSON). */
export function payloadOf(jws: string): ReceiptPayload {
  return decodeJwsPart(jws) as unknown as ReceiptPayload;
}

let created: { jws: string; payload: ReceiptPayload }[] = [];
let listening = false;

/**
 * Receipts made from now on (seen through `receipt-created`), in order. Delivery goes nowhere (a host
 * transport that acknowledges), so receipts left in the outbox by earlier tests cannot show up here.
 * The agreement store forgets the given documents (and refuses the given purposes).
 */
export function captureReceipts(
  documentIds: string[],
  purposes: string[] = [],
): { jws: string; payload: ReceiptPayload }[] {
  created = [];
  if (!listening) {
    listening = true;
    document.addEventListener('receipt-created', (event) => {
      const jws = event.detail.receipt;
      if (jws) created.push({ jws, payload: payloadOf(jws) });
    });
  }
  resetConfig();
  configure({ transport: () => true });
  // Only this file's ids: other test files may run at the same time in another window of the same origin.
  agreementStore().forget(documentIds);
  for (const purpose of purposes) agreementStore().recordSeparate({ purpose, granted: false });
  return created;
}

/** Resolves after `frames` animation frames (IntersectionObserver delivers after layout). */
export async function frames(count = 3): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Waits until `check` holds (IntersectionObserver callbacks are asynchronous), failing after `timeout` ms. */
export function until(check: () => boolean, what: string | (() => string), timeout = 3000): Promise<void> {
  return untilHolds(what, check, timeout);
}
