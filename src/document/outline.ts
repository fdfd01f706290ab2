/**
 * The outline of a Markdown or HTML document as its author meant it (`assent-text/2` and later):
 * short bold lines standing alone become headings, and heading levels follow the numbering — one
 * numbering style is one level, styles nest in the order they first appear — whatever `#` marks or
 * `<hN>` tags they carry (CMS copies mix `#### 一、` with `# 三、`). Unnumbered headings keep the
 * nesting of their markup.
 */
import { inlineText } from './canonical.js';
import type { Block, Inline } from './model.js';
import type { Numbering } from './numbering.js';

type Heading = Extract<Block, { kind: 'heading' }>;
type Matcher = (text: string) => Numbering | null;

/** Markup level given to a bold line made a heading: below every `<h1>`–`<h6>`. */
const BOLD_MARKUP = 7;
const MAX_CJK_HEADING = 40;
const MAX_LATIN_HEADING = 80;
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/** A paragraph whose whole text is one bold run: its children, else null. */
function boldOnly(content: readonly Inline[]): Inline[] | null {
  const meaningful = content.filter((inline) => !(inline.kind === 'text' && inline.text.trim() === ''));
  if (meaningful.length !== 1) return null;
  const only = meaningful[0]!;
  if (only.kind === 'strong') return only.children;
  if (only.kind === 'key') return boldOnly(only.children);
  return null;
}

/** Is this (bold) line shaped like a title rather than a sentence? */
function titleShaped(text: string, numbering: Numbering | null): boolean {
  const rest = numbering ? numbering.rest : text;
  if (rest === '' || text.includes('\n')) return rest === '' && numbering !== null;
  const cjk = CJK.test(rest);
  if (rest.length > (cjk ? MAX_CJK_HEADING : MAX_LATIN_HEADING)) return false;
  // Clause punctuation inside, or a sentence's end, makes it body text (a title may end in `.` when numbered).
  if (/[，。；！？,;!?]|[:：]$/.test(rest)) return false;
  if (/\.$/.test(rest) && (!numbering || /\.\s/.test(rest))) return false;
  return true;
}

export interface DropPrefix {
  (inlines: Inline[], count: number): Inline[];
}

/**
 * Makes headings of top-level paragraphs written as headings: a short bold line standing alone
 * (`**第1条 服务内容**`, `**1. Definitions**`, `**一、总则**`, `**Recipient service agreement**`).
 * Returns the markup level of every heading (tag level, or `BOLD_MARKUP` for these).
 */
export function promoteBoldHeadings(
  blocks: Block[],
  match: Matcher,
  dropPrefix: DropPrefix,
  markup: Map<Block, number>,
): void {
  for (const block of blocks) {
    if (block.kind !== 'paragraph') continue;
    const children = boldOnly(block.content);
    if (!children) continue;
    const text = inlineText(children).trim();
    const numbering = match(text);
    if (!titleShaped(text, numbering)) continue;
    // Changed in place: anchors collected by the walker keep pointing at this block.
    const heading = Object.assign(block as Block, {
      kind: 'heading',
      level: BOLD_MARKUP,
      label: numbering?.label.trim() ?? '',
      content: numbering ? dropPrefix(children, numbering.label.length) : children,
    }) as Heading;
    markup.set(heading, BOLD_MARKUP);
  }
}

interface Entry {
  /** Numbering style, or `h2` for an unnumbered heading of markup level 2. */
  style: string;
  numbered: boolean;
  markup: number;
  level: number;
  /** Value of the last heading of this sequence (NaN when unnumbered or not numeric). */
  last: number;
  title: boolean;
}

/** Every heading in document order (inside lists and quotes too). */
function headingsOf(blocks: readonly Block[], out: Heading[] = []): Heading[] {
  for (const block of blocks) {
    if (block.kind === 'heading') out.push(block);
    else if (block.kind === 'list') block.items.forEach((item) => headingsOf(item, out));
    else if (block.kind === 'quote') headingsOf(block.blocks, out);
  }
  return out;
}

/**
 * Sets every heading's level (1 = top). A numbered heading continues the open sequence of its style
 * (the deepest one it continues), or restarts a deeper one when it restarts at 1 under deeper markup
 * (`## 1.` then `### 1.`); a new style nests under the heading before it. An unnumbered heading takes
 * the level of an open heading of its markup level, or nests under the nearest one of higher markup.
 */
export function assignOutlineLevels(
  blocks: readonly Block[],
  match: Matcher,
  markup: Map<Block, number>,
): void {
  const stack: Entry[] = [];
  const headings = headingsOf(blocks);
  const markupOf = (heading: Heading) => markup.get(heading) ?? heading.level;
  // The document's title: a first, unnumbered heading whose markup no other unnumbered heading reaches.
  // Numbered headings, whatever marks they carry, sit below it.
  const first = headings[0];
  const title =
    first && !first.label && headings.every((h) => h === first || !!h.label || markupOf(h) > markupOf(first))
      ? first
      : undefined;
  for (const heading of headings) {
    const level = markupOf(heading);
    const numbering = heading.label ? match(heading.label) : null;
    let at = -1;
    if (numbering) {
      const value = numbering.value;
      let sameStyle = -1;
      for (let i = stack.length - 1; i >= 0; i--) {
        const entry = stack[i]!;
        if (!entry.numbered || entry.style !== numbering.style) continue;
        if (sameStyle < 0) sameStyle = i;
        if (!(value <= entry.last)) {
          at = i;
          break;
        }
      }
      if (at < 0 && sameStyle >= 0) {
        const entry = stack[sameStyle]!;
        const nested = value === 1 && level > entry.markup;
        if (!nested) at = sameStyle;
      }
      while (at < 0 && stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (top.numbered || top.title || top.markup < level) break;
        stack.pop();
      }
    } else {
      const style = `h${level}`;
      for (let i = stack.length - 1; i >= 0; i--) {
        if (stack[i]!.style === style) {
          at = i;
          break;
        }
      }
      if (at < 0) while (stack.length > 0 && stack[stack.length - 1]!.markup >= level) stack.pop();
    }
    if (at >= 0) {
      stack.length = at + 1;
      const entry = stack[at]!;
      entry.last = numbering ? numbering.value : NaN;
      heading.level = entry.level;
    } else {
      const depth = (stack[stack.length - 1]?.level ?? 0) + 1;
      stack.push({
        style: numbering ? numbering.style : `h${level}`,
        numbered: numbering !== null,
        markup: level,
        level: depth,
        last: numbering ? numbering.value : NaN,
        title: heading === title,
      });
      heading.level = depth;
    }
  }
}
