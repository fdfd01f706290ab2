/**
 * The canonical text of a policy document (`assent-text/2`, and `assent-text/1` for hashes taken
 * before it) and its sha-256. This is what receipts hash, so every rule here is part of a public
 * contract: docs/documents.md states it in prose, and any change to the output needs a new version.
 */
import { CANON_VERSION, type Block, type CanonVersion, type Inline } from './model.js';
import { sha256Utf8Hex } from './sha256.js';
import { eachStep, runSteps, type Steps } from './steps.js';

/**
 * Characters that are not text: C0 controls other than TAB, LF, CR and FF; DEL; C1 controls; and the
 * byte-order mark / zero-width no-break space.
 */
// eslint-disable-next-line no-control-regex
const NON_TEXT = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\uFEFF]/g;

/**
 * Step 1 of `assent-text/1` for any input: Unicode NFC, CRLF / CR / FF become LF, non-text control
 * characters and BOMs are removed.
 */
export function normalizeSource(source: string): string {
  return source
    .replace(/\r\n?|\f/g, '\n')
    .replace(NON_TEXT, '')
    .normalize('NFC');
}

/**
 * East Asian characters written without spaces between words: Han, Hiragana, Katakana, Bopomofo, CJK
 * symbols and punctuation, full-width forms. Hangul is left out on purpose: Korean separates words with
 * spaces (the same exception CSS Text makes for segment breaks).
 */
const CJK =
  /[\u2E80-\u2FDF\u3000-\u303F\u3040-\u30FF\u3100-\u312F\u31A0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]|[\uD840-\uD87F][\uDC00-\uDFFF]/;

/** Some CJK character anywhere in a string. */
export const CJK_ANYWHERE = CJK;

export function isCjkChar(char: string | undefined): boolean {
  return char !== undefined && char !== '' && CJK.test(char);
}

/** White space that collapses: everything JavaScript's `\s` matches (includes NBSP and U+3000). */
const WHITESPACE_RUN = /\s+/g;

/**
 * Whitespace inside running text: a run of white space becomes one space, except that a run holding a
 * line break between two CJK characters disappears (a line wrap inside a Chinese sentence is not a
 * space). Leading and trailing white space is kept as a single space; callers trim at block edges.
 */
export function collapseWhitespace(text: string): string {
  // Fast path: nothing but single ASCII spaces.
  if (!/\s\s|[^\S ]/.test(text)) return text;
  return text.replace(WHITESPACE_RUN, (run, offset: number, whole: string) => {
    if (run.includes('\n')) {
      const before = whole[offset - 1];
      const after = whole[offset + run.length];
      if (isCjkChar(before) && isCjkChar(after)) return '';
    }
    return ' ';
  });
}

/** The text an inline tree contributes: text as is, `break` as a line feed, markup contributes nothing. */
export function inlineText(inlines: readonly Inline[]): string {
  let out = '';
  for (const inline of inlines) {
    switch (inline.kind) {
      case 'text':
        out += inline.text;
        break;
      case 'break':
        out += '\n';
        break;
      default:
        out += inlineText(inline.children);
    }
  }
  return out;
}

/** Trims each line, collapses spaces, drops empty lines (the per-block step of `assent-text/1`). */
function tidyLines(text: string): string {
  return text
    .split('\n')
    .map((line) => collapseWhitespace(line).trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** `assent-text/1`: one space after a label ending in ASCII (`1.`, `(1)`, `A.`, `Article 3`), else none. */
function labelNeedsSpaceV1(label: string): boolean {
  return /[A-Za-z0-9.:)\]]$/.test(label);
}

function lastCodePoint(text: string): string {
  const code = text.codePointAt(text.length - 1) ?? 0;
  return code >= 0xdc00 && code <= 0xdfff && text.length > 1 ? text.slice(-2) : text.slice(-1);
}

/**
 * The one rule for what separates a heading's label from its text, used by the canonical text, the
 * table of contents and the rendered heading alike. `assent-text/2`: before Chinese text, a space only
 * after a label ending in a Chinese word (`第三条 总则`, `第一章 总则`), none after numbering
 * punctuation or digits (`一、总则`, `（一）总则`, `(1)总则`, `1.1总则`); before other text, a space after
 * a label ending in a letter, digit or `. : ) ]` (`1. Definitions`, `(a) Scope`, `Article 3 Terms`),
 * none after Chinese punctuation (`一、Overview`).
 */
export function headingSeparator(label: string, text: string, canon: CanonVersion = CANON_VERSION): string {
  if (!label || !text) return '';
  if (canon === 'assent-text/1') return labelNeedsSpaceV1(label) ? ' ' : '';
  const last = lastCodePoint(label);
  const first = String.fromCodePoint(text.codePointAt(0)!);
  if (isCjkChar(first)) return isCjkChar(last) && /\p{L}/u.test(last) ? ' ' : '';
  return /[\p{L}\p{N}.:)\]]/u.test(last) ? ' ' : '';
}

/** A heading's label and text joined by the rule of `headingSeparator`. */
export function joinHeading(label: string, text: string, canon: CanonVersion = CANON_VERSION): string {
  return `${label}${headingSeparator(label, text, canon)}${text}`;
}

/** A heading's text as the canonical text writes it: lines tidied and joined by spaces, then `joinHeading`. */
export function headingText(
  label: string,
  content: readonly Inline[],
  canon: CanonVersion = CANON_VERSION,
): string {
  const text = tidyLines(inlineText(content)).replace(/\n/g, ' ');
  if (!label) return text;
  if (!text) return label;
  return joinHeading(label, text, canon);
}

function blockLines(block: Block, out: string[], canon: CanonVersion): void {
  switch (block.kind) {
    case 'heading':
      out.push(headingText(block.label, block.content, canon));
      break;
    case 'paragraph':
      out.push(tidyLines(inlineText(block.content)));
      break;
    case 'list':
      for (const item of block.items) for (const child of item) blockLines(child, out, canon);
      break;
    case 'table':
      for (const row of block.header.length > 0 ? [block.header, ...block.rows] : block.rows) {
        out.push(row.map((cell) => tidyLines(inlineText(cell)).replace(/\n/g, ' ')).join('\t'));
      }
      break;
    case 'quote':
      for (const child of block.blocks) blockLines(child, out, canon);
      break;
    case 'code':
      out.push(
        block.text
          .split('\n')
          .map((line) => line.trimEnd())
          .join('\n')
          .replace(/^\n+|\n+$/g, ''),
      );
      break;
    case 'rule':
      break;
  }
}

/**
 * The blocks in document order, one or more lines each, joined by a single LF, no trailing LF, Unicode
 * NFC. Rules (`<hr>`, `---`) and blocks without text contribute nothing; a table row is one line with
 * cells separated by TAB; a heading is `headingText`. The versions differ in the heading separator
 * (and in what the format parsers make blocks of: see parse.ts).
 */
export function canonicalText(blocks: readonly Block[], canon: CanonVersion = CANON_VERSION): string {
  return runSteps(canonicalTextSteps(blocks, canon));
}

/** `canonicalText` as steps (see steps.ts), pausing between blocks. */
export function* canonicalTextSteps(
  blocks: readonly Block[],
  canon: CanonVersion = CANON_VERSION,
): Steps<string> {
  const lines: string[] = [];
  yield* eachStep(blocks.length, (index) => blockLines(blocks[index]!, lines, canon));
  yield;
  return lines
    .filter((line) => line.replace(/\t/g, '') !== '')
    .join('\n')
    .normalize('NFC');
}

/** Lowercase hex sha-256 of the UTF-8 bytes of `text`; synchronous and identical in browsers and Node. */
export function sha256Hex(text: string): string {
  return sha256Utf8Hex(text);
}

/** Length in Unicode code points (what `assent outline` reports as `canonicalLength`). */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) count++;
    else {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      count++;
    }
  }
  return count;
}
