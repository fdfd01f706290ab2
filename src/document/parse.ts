/**
 * `parsePolicy`: any supported source text to a `PolicyDocument`, synchronously; `parsePolicyAsync`:
 * the same parse in slices that leave the event loop free (one implementation: see steps.ts).
 */
import { normalizeSource } from './canonical.js';
import { PolicyDocumentError } from './errors.js';
import { finalizeSteps } from './finalize.js';
import { parseHtmlBlocks } from './html.js';
import { parseMarkdownToHtml } from './markdown.js';
import {
  CANON_VERSION,
  CANON_VERSIONS,
  type Block,
  type CanonVersion,
  type DocumentFormat,
  type PolicyDocument,
} from './model.js';
import { runSteps, runStepsAsync, type Steps } from './steps.js';
import { textBlockSteps } from './text.js';
import { parseTextBlocksV1 } from './v1/text.js';

export interface ParseOptions {
  /** Source format; guessed from the text when absent. */
  format?: DocumentFormat;
  /** Document id (`terms`); prefixes every heading, block and key-clause id. Defaults to a slug of the title. */
  id?: string;
  version?: string;
  title?: string;
  locale?: string;
  /** ISO date (YYYY-MM-DD) the version takes effect. */
  effectiveDate?: string;
  /** Extra key clauses: exact phrases or patterns, matched inside one text run. */
  keyClauseMarkers?: (string | RegExp)[];
  /** Largest accepted source, in UTF-16 code units (default 2,000,000). */
  maxChars?: number;
  /**
   * The window whose DOM parses HTML and Markdown (defaults to the global `window`). In Node pass a
   * jsdom window: `new JSDOM('').window`.
   */
  window?: Window;
  /** Base URL for relative links (set by `loadPolicy`); without it relative links keep their text only. */
  baseUrl?: string;
  /**
   * Canonical-text algorithm (default `CANON_VERSION`). `assent-text/1` parses as that version did,
   * so a hash taken under it is reproduced exactly; outlines and headings are then those of version 1 too.
   */
  canon?: CanonVersion;
}

export const DEFAULT_MAX_CHARS = 2_000_000;

/** Share of characters in the first 8 KiB that may be replacement or control characters before it is "binary". */
const BINARY_RATIO = 0.05;

function looksBinary(source: string): boolean {
  if (source.includes('\u0000')) return true;
  const sample = source.slice(0, 8192);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0xfffd || (code < 0x20 && code !== 9 && code !== 10 && code !== 13 && code !== 12)) bad++;
  }
  return sample.length > 0 && bad / sample.length > BINARY_RATIO;
}

/** Markdown or HTML or text, from the text alone. */
export function guessFormat(source: string): DocumentFormat {
  const head = source.slice(0, 4096).replace(/^\uFEFF/, '');
  const trimmed = head.trimStart();
  if (/^<(?:!doctype\s+html|html|head|body|article|section|main|div|h[1-6]|p|ul|ol|table)\b/i.test(trimmed)) {
    return 'html';
  }
  if (/^---\r?\n[\s\S]*?\r?\n---/.test(head)) return 'markdown';
  if (/^#{1,6}\s+\S/m.test(head) || /^\s*\|.*\|\s*$\r?\n^\s*\|?\s*:?-{3,}/m.test(head)) return 'markdown';
  if (/\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]+\)/.test(head)) return 'markdown';
  if (/<\/(?:p|div|h[1-6]|li|td)>/i.test(head)) return 'html';
  return 'text';
}

interface FormatResult {
  blocks: Block[];
  metadata: Record<string, string>;
  anchors?: Map<string, Block>;
  lang?: string;
}

/** Parses a policy document. Throws `PolicyDocumentError` for empty, binary or oversized input. */
export function parsePolicy(source: string, options: ParseOptions = {}): PolicyDocument {
  return runSteps(parseSteps(source, options));
}

/**
 * Parses a policy document without holding the page: the work runs in slices of a few milliseconds
 * with the event loop free between them, and the hash is `crypto.subtle.digest` where there is one.
 * The document is the one `parsePolicy` returns (same canonical text, hash and ids). Plain text is
 * sliced throughout; Markdown and HTML are converted to blocks in one piece (the DOM does that), then
 * sliced. Rejects with `PolicyDocumentError` where `parsePolicy` throws.
 */
export function parsePolicyAsync(source: string, options: ParseOptions = {}): Promise<PolicyDocument> {
  return runStepsAsync(parseSteps(source, options));
}

function* parseSteps(source: string, options: ParseOptions): Steps<PolicyDocument> {
  if (typeof source !== 'string') {
    throw new PolicyDocumentError('invalid-format', 'Policy source must be a string.');
  }
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (source.length > maxChars) {
    throw new PolicyDocumentError(
      'too-large',
      `Policy document has ${source.length} characters, more than the limit of ${maxChars}.`,
    );
  }
  if (looksBinary(source)) {
    throw new PolicyDocumentError('binary', 'Policy source looks like binary data, not text.');
  }
  const canon = options.canon ?? CANON_VERSION;
  if (!CANON_VERSIONS.includes(canon)) {
    throw new PolicyDocumentError('invalid-format', `Unknown canonical-text version "${String(canon)}".`);
  }
  const normalized = normalizeSource(source);
  if (normalized.trim() === '') throw new PolicyDocumentError('empty', 'Policy document is empty.');

  const format = options.format ?? guessFormat(normalized);
  yield;
  let result: FormatResult;
  switch (format) {
    case 'text':
      result =
        canon === 'assent-text/1'
          ? { blocks: parseTextBlocksV1(normalized), metadata: {} }
          : yield* textBlockSteps(normalized);
      break;
    case 'markdown': {
      const markdown = parseMarkdownToHtml(normalized, canon !== 'assent-text/1');
      const html = parseHtmlBlocks(markdown.html, { ...options, format, canon });
      result = { ...html, metadata: { ...markdown.metadata } };
      break;
    }
    case 'html':
      result = { ...parseHtmlBlocks(normalized, { ...options, format, canon }), metadata: {} };
      break;
    default:
      throw new PolicyDocumentError('invalid-format', `Unknown policy format "${String(format)}".`);
  }

  yield;
  const metadata = result.metadata;
  const document = yield* finalizeSteps({
    format,
    blocks: result.blocks,
    metadata,
    id: options.id,
    version: options.version,
    title: options.title,
    locale: options.locale ?? result.lang,
    effectiveDate: options.effectiveDate,
    keyClauseMarkers: options.keyClauseMarkers,
    anchors: result.anchors,
    canon,
  });
  if (document.canonicalText === '') {
    throw new PolicyDocumentError('empty', 'Policy document has no text once markup is removed.');
  }
  return document;
}
