/**
 * Turns the blocks a format parser produced into a `PolicyDocument`: ids unique per document, key
 * clauses, table of contents, canonical text and hash. Shared by every input format, so ids and key
 * clauses follow one set of rules whatever the source.
 */
import { canonicalTextSteps, collapseWhitespace, headingText, inlineText } from './canonical.js';
import { findEffectiveDate, isoDate } from './dates.js';
import {
  CANON_VERSION,
  type Block,
  type CanonVersion,
  type DocumentFormat,
  type Inline,
  type KeyClause,
  type PolicyDocument,
  type TocEntry,
} from './model.js';
import { eachStep, hashStep, runSteps, type Steps } from './steps.js';

export interface FinalizeInput {
  format: DocumentFormat;
  blocks: Block[];
  metadata: Record<string, string>;
  id?: string;
  version?: string;
  title?: string;
  locale?: string;
  effectiveDate?: string;
  keyClauseMarkers?: readonly (string | RegExp)[];
  /** Source anchors (`#foo` in the original) -> the block they name. */
  anchors?: Map<string, Block>;
  canon?: CanonVersion;
}

/** A slug for ids: lower case letters and digits of any script, other runs become `-`. */
export function slugify(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** GitHub's heading anchor (what Markdown authors link to as `#what-we-collect`). */
export function githubSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function normalizeInlines(inlines: Inline[]): Inline[] {
  // Merge neighbouring text runs so markers and whitespace rules see whole runs.
  const out: Inline[] = [];
  for (const inline of inlines) {
    const previous = out[out.length - 1];
    if (inline.kind === 'text') {
      if (inline.text === '') continue;
      if (previous?.kind === 'text') previous.text += inline.text;
      else out.push({ kind: 'text', text: inline.text });
    } else if (inline.kind === 'break') out.push(inline);
    else out.push({ ...inline, children: normalizeInlines(inline.children) } as Inline);
  }
  return out;
}

/** Is this strong run a lead-in label (`**Short version:**`, `**社交媒体**：`) rather than a clause? */
function isLeadInLabel(inlines: Inline[], index: number): boolean {
  if (index !== 0) return false;
  const text = inlineText([inlines[0]!]).trim();
  const next = inlines[1];
  const nextText = next ? inlineText([next]) : '';
  return /[:：]$/.test(text) || /^\s*[:：]/.test(nextText);
}

const EMPHASIS = new Set(['strong', 'underline']);

/** Removes key-clause wrappers (inside a clause, or in a heading, a clause mark adds nothing). */
function unwrapKeys(inlines: Inline[]): Inline[] {
  return inlines.flatMap((inline): Inline[] => {
    if (inline.kind === 'key') return unwrapKeys(inline.children);
    if ('children' in inline) return [{ ...inline, children: unwrapKeys(inline.children) } as Inline];
    return [inline];
  });
}

/** An option given as '' (an empty attribute) counts as not given. */
function given(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function finalizeDocument(input: FinalizeInput): PolicyDocument {
  return runSteps(finalizeSteps(input));
}

/** `finalizeDocument` as steps (see steps.ts): pauses between blocks; the hash is asked of the runner. */
export function* finalizeSteps(input: FinalizeInput): Steps<PolicyDocument> {
  const metadata = input.metadata;
  const blocks = input.blocks;
  const canon = input.canon ?? CANON_VERSION;
  const canonical = yield* canonicalTextSteps(blocks, canon);
  const sha256 = yield* hashStep(canonical);
  yield;

  const firstHeading = blocks.find((block) => block.kind === 'heading');
  const title =
    given(input.title) ??
    metadata['title'] ??
    (firstHeading?.kind === 'heading' ? headingText(firstHeading.label, firstHeading.content, canon) : '');
  const id = given(input.id) ?? (slugify(title) || 'document');
  const prefix = slugify(id) || 'document';
  const effectiveDate =
    isoDate(given(input.effectiveDate)) ?? isoDate(metadata['effectiveDate']) ?? findEffectiveDate(canonical);
  const version = given(input.version) ?? metadata['version'] ?? effectiveDate ?? sha256.slice(0, 12);

  let headingCount = 0;
  let blockCount = 0;
  let keyCount = 0;
  const toc: TocEntry[] = [];
  const keyClauses: KeyClause[] = [];
  const markers = input.keyClauseMarkers ?? [];

  const newKey = (children: Inline[], blockId: string): Inline => {
    const clauseId = `${prefix}-k-${++keyCount}`;
    keyClauses.push({ id: clauseId, text: collapseWhitespace(inlineText(children)).trim(), blockId });
    return { kind: 'key', clauseId, children };
  };

  /** Applies host-given phrases and patterns to a text run, returning the run split around matches. */
  const markText = (text: string, blockId: string): Inline[] => {
    const ranges: [number, number][] = [];
    for (const marker of markers) {
      if (typeof marker === 'string') {
        if (!marker) continue;
        let from = text.indexOf(marker);
        while (from >= 0) {
          ranges.push([from, from + marker.length]);
          from = text.indexOf(marker, from + marker.length);
        }
      } else {
        const regex = new RegExp(
          marker.source,
          marker.flags.includes('g') ? marker.flags : `${marker.flags}g`,
        );
        for (const match of text.matchAll(regex)) {
          if (match[0].length > 0) ranges.push([match.index, match.index + match[0].length]);
        }
      }
    }
    if (ranges.length === 0) return [{ kind: 'text', text }];
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const out: Inline[] = [];
    let at = 0;
    for (const [start, end] of ranges) {
      if (start < at) continue;
      if (start > at) out.push({ kind: 'text', text: text.slice(at, start) });
      out.push(newKey([{ kind: 'text', text: text.slice(start, end) }], blockId));
      at = end;
    }
    if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
    return out;
  };

  /** Marks key clauses in an inline list (not inside headings), returning the new list. */
  const markInlines = (inlines: Inline[], blockId: string, topLevel: boolean): Inline[] => {
    const out: Inline[] = [];
    inlines.forEach((inline, index) => {
      if (inline.kind === 'key') {
        out.push(newKey(unwrapKeys(inline.children), blockId));
      } else if (
        EMPHASIS.has(inline.kind) &&
        'children' in inline &&
        inlineText(inline.children).trim() !== '' &&
        !(topLevel && isLeadInLabel(inlines, index))
      ) {
        out.push(newKey(inline.children, blockId));
        // Wrap the emphasis itself so renderers keep bold / underline inside the clause.
        const key = out[out.length - 1] as Extract<Inline, { kind: 'key' }>;
        key.children = unwrapKeys([inline]);
      } else if (inline.kind === 'text') {
        out.push(...(markers.length > 0 ? markText(inline.text, blockId) : [inline]));
      } else if ('children' in inline) {
        out.push({ ...inline, children: markInlines(inline.children, blockId, false) } as Inline);
      } else out.push(inline);
    });
    return out;
  };

  const visit = (block: Block): void => {
    if (block.kind === 'heading') {
      block.id = `${prefix}-h-${++headingCount}`;
      block.content = unwrapKeys(normalizeInlines(block.content));
      toc.push({
        id: block.id,
        level: block.level,
        label: block.label,
        text: collapseWhitespace(inlineText(block.content)).trim(),
      });
      return;
    }
    block.id = `${prefix}-b-${++blockCount}`;
    switch (block.kind) {
      case 'paragraph':
        block.content = markInlines(normalizeInlines(block.content), block.id, true);
        break;
      case 'list':
        for (const item of block.items) for (const child of item) visit(child);
        break;
      case 'quote':
        for (const child of block.blocks) visit(child);
        break;
      case 'table':
        block.header = block.header.map((cell) => markInlines(normalizeInlines(cell), block.id, true));
        block.rows = block.rows.map((row) =>
          row.map((cell) => markInlines(normalizeInlines(cell), block.id, true)),
        );
        break;
      default:
        break;
    }
  };
  yield* eachStep(blocks.length, (index) => visit(blocks[index]!));
  const anchors = input.anchors ?? new Map<string, Block>();
  yield* eachStep(blocks.length, (index) => rewriteAnchors(blocks[index]!, anchors));

  const doc: PolicyDocument = {
    id,
    version,
    title,
    format: input.format,
    blocks,
    toc,
    keyClauses,
    metadata,
    canonicalText: canonical,
    canon,
    sha256,
  };
  const locale = given(input.locale) ?? metadata['locale'] ?? metadata['lang'] ?? guessLocale(canonical);
  if (locale) doc.locale = locale;
  if (effectiveDate) doc.effectiveDate = effectiveDate;
  return doc;
}

/**
 * In-document links (`#foo`) in `top`, written against the source's anchors, now point at our ids, which are
 * unique per document; a link to an anchor the document does not have keeps its text only.
 */
function rewriteAnchors(top: Block, anchors: Map<string, Block>): void {
  const fix = (inlines: Inline[]): Inline[] =>
    inlines.flatMap((inline): Inline[] => {
      if (inline.kind === 'link' && inline.href.startsWith('#')) {
        const target = anchors.get(decodeFragment(inline.href.slice(1)));
        if (!target?.id) return fix(inline.children);
        return [{ ...inline, href: `#${target.id}`, children: fix(inline.children) }];
      }
      if ('children' in inline) return [{ ...inline, children: fix(inline.children) } as Inline];
      return [inline];
    });
  const visit = (block: Block): void => {
    if (block.kind === 'heading' || block.kind === 'paragraph') block.content = fix(block.content);
    else if (block.kind === 'list') block.items.forEach((item) => item.forEach(visit));
    else if (block.kind === 'quote') block.blocks.forEach(visit);
    else if (block.kind === 'table') {
      block.header = block.header.map(fix);
      block.rows = block.rows.map((row) => row.map(fix));
    }
  };
  visit(top);
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

function guessLocale(text: string): string | undefined {
  // A character-code scan of the first 4,000 code units: a Unicode-property regex is ten times slower.
  let han = 0;
  let latin = 0;
  const end = Math.min(text.length, 4000);
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (
      (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0x3400 && code <= 0x4dbf) ||
      (code >= 0xf900 && code <= 0xfaff)
    ) {
      han++;
    } else if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) latin++;
  }
  if (han === 0 && latin === 0) return undefined;
  return han * 2 >= latin ? 'zh' : 'en';
}
