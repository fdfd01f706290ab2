/**
 * HTML (and the HTML that Markdown renders to) to blocks: sanitised with DOMPurify first, then the
 * inert sanitised DOM is walked into the block model. Nothing here is ever attached to a page; the
 * elements render from the model, so policy HTML can never run script.
 */
import { isCjkChar } from './canonical.js';
import { githubSlug } from './finalize.js';
import type { Block, CanonVersion, DocumentFormat, Inline } from './model.js';
import { matchNumbering } from './numbering.js';
import { assignOutlineLevels, promoteBoldHeadings } from './outline.js';
import { safeHref, sanitizeToBody } from './sanitize.js';
import { matchNumbering as matchNumberingV1 } from './v1/numbering.js';

const BLOCK_TAGS = new Set(
  (
    'ADDRESS ARTICLE ASIDE BLOCKQUOTE CAPTION CENTER DD DETAILS DIV DL DT FIGCAPTION FIGURE FOOTER H1 ' +
    'H2 H3 H4 H5 H6 HEADER HGROUP HR LI MAIN OL P PRE SECTION SUMMARY TABLE TBODY TD TFOOT TH THEAD ' +
    'TR UL'
  ).split(' '),
);

const INLINE_KIND: Record<string, 'strong' | 'em' | 'underline' | 'mark' | 'code' | 'del'> = {
  STRONG: 'strong',
  B: 'strong',
  EM: 'em',
  I: 'em',
  DFN: 'em',
  VAR: 'em',
  U: 'underline',
  INS: 'underline',
  MARK: 'mark',
  CODE: 'code',
  KBD: 'code',
  SAMP: 'code',
  TT: 'code',
  DEL: 'del',
  S: 'del',
  STRIKE: 'del',
};

export interface HtmlParseOptions {
  window?: Window;
  format: DocumentFormat;
  baseUrl?: string;
  /** `assent-text/1` keeps that version's blocks and levels (markup levels, no bold headings). */
  canon?: CanonVersion;
}

export interface HtmlParseResult {
  blocks: Block[];
  anchors: Map<string, Block>;
  lang?: string;
}

type Key = Extract<Inline, { kind: 'key' }>;

function isHidden(element: Element): boolean {
  return element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true';
}

/** Whitespace of one block's inline content, as a browser lays it out (plus the CJK line-break rule). */
function normalizeWhitespace(inlines: Inline[]): void {
  const segments: { inline: Extract<Inline, { kind: 'text' }> }[][] = [[]];
  const collect = (list: Inline[]) => {
    for (const inline of list) {
      if (inline.kind === 'text') segments[segments.length - 1]!.push({ inline });
      else if (inline.kind === 'break') segments.push([]);
      else collect(inline.children);
    }
  };
  collect(inlines);
  for (const segment of segments) {
    // The last character written so far in this segment ('' at its start).
    let lastWritten = '';
    segment.forEach(({ inline }, index) => {
      const raw = inline.text;
      let nextChar = '';
      for (let j = index + 1; j < segment.length && nextChar === ''; j++) {
        nextChar = segment[j]!.inline.text.replace(/^\s+/, '').charAt(0);
      }
      let result = '';
      let last = 0;
      for (const match of raw.matchAll(/\s+/g)) {
        const start = match.index;
        const end = start + match[0].length;
        if (start > last) {
          result += raw.slice(last, start);
          lastWritten = raw.charAt(start - 1);
        }
        last = end;
        const after = end < raw.length ? raw.charAt(end) : nextChar;
        if (lastWritten === '' || lastWritten === ' ' || after === '') continue;
        if (match[0].includes('\n') && isCjkChar(lastWritten) && isCjkChar(after)) continue;
        result += ' ';
        lastWritten = ' ';
      }
      if (last < raw.length) {
        result += raw.slice(last);
        lastWritten = raw.charAt(raw.length - 1);
      }
      inline.text = result;
    });
  }
}

function hasText(inlines: Inline[]): boolean {
  return inlines.some((inline) =>
    inline.kind === 'text'
      ? inline.text.trim() !== ''
      : inline.kind === 'break'
        ? false
        : hasText(inline.children),
  );
}

/** Removes the first `count` characters of text from an inline list (to take a heading's label off). */
export function dropPrefix(inlines: Inline[], count: number): Inline[] {
  let remaining = count;
  const drop = (list: Inline[]): Inline[] =>
    list.flatMap((inline): Inline[] => {
      if (remaining <= 0) return [inline];
      if (inline.kind === 'text') {
        const leading = inline.text.length - inline.text.trimStart().length;
        const take = Math.min(inline.text.length, leading + remaining);
        remaining -= take - leading;
        const text = inline.text.slice(take).trimStart();
        return text ? [{ kind: 'text', text }] : [];
      }
      if (inline.kind === 'break') return [];
      const children = drop(inline.children);
      return children.length > 0 ? [{ ...inline, children } as Inline] : [];
    });
  return drop(inlines);
}

function plainText(inlines: Inline[]): string {
  return inlines
    .map((inline) =>
      inline.kind === 'text' ? inline.text : inline.kind === 'break' ? ' ' : plainText(inline.children),
    )
    .join('');
}

/** Deeper than this, an element gives its text without structure (the walk is recursive). */
const MAX_DEPTH = 256;

/** The text of an element, collected without recursion (for pathologically deep markup). */
function flatText(element: Element): string {
  let text = '';
  let node: Node | null = element.firstChild;
  while (node && node !== element) {
    if (node.nodeType === 3) text += node.nodeValue ?? '';
    if (node.nodeType === 1 && node.firstChild && !isHidden(node as Element)) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== element && !node.nextSibling) node = node.parentNode;
    if (node && node !== element) node = node.nextSibling;
  }
  return text;
}

class Walker {
  readonly anchors = new Map<string, Block>();
  private pendingAnchors: string[] = [];
  private depth = 0;
  private readonly slugCounts = new Map<string, number>();

  /** `assent-text/1` labels headings with the numbering patterns of that version. */
  private readonly matchNumbering: typeof matchNumbering;

  constructor(private readonly options: HtmlParseOptions) {
    this.matchNumbering = options.canon === 'assent-text/1' ? matchNumberingV1 : matchNumbering;
  }

  private emit(out: Block[], block: Block): void {
    out.push(block);
    for (const anchor of this.pendingAnchors) if (!this.anchors.has(anchor)) this.anchors.set(anchor, block);
    this.pendingAnchors = [];
  }

  private noteAnchor(element: Element): void {
    const id = element.getAttribute('id') ?? (element.tagName === 'A' ? element.getAttribute('name') : null);
    if (id) this.pendingAnchors.push(id);
  }

  /** Block-level walk of `element`'s children into `out`. */
  walkBlocks(element: Element, out: Block[]): void {
    let run: Inline[] = [];
    const flush = () => {
      if (hasText(run)) {
        normalizeWhitespace(run);
        this.emit(out, { kind: 'paragraph', id: '', content: run });
      }
      run = [];
    };
    for (let node = element.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) {
        run.push({ kind: 'text', text: node.nodeValue ?? '' });
        continue;
      }
      if (node.nodeType !== 1) continue;
      const child = node as Element;
      if (isHidden(child)) continue;
      if (BLOCK_TAGS.has(child.tagName)) {
        flush();
        this.walkBlockElement(child, out);
      } else {
        run.push(...this.walkInline(child));
      }
    }
    flush();
  }

  private walkBlockElement(element: Element, out: Block[]): void {
    if (this.depth >= MAX_DEPTH) {
      const content: Inline[] = [{ kind: 'text', text: flatText(element) }];
      normalizeWhitespace(content);
      if (hasText(content)) this.emit(out, { kind: 'paragraph', id: '', content });
      return;
    }
    this.depth++;
    try {
      this.walkBlockElementWithin(element, out);
    } finally {
      this.depth--;
    }
  }

  private walkBlockElementWithin(element: Element, out: Block[]): void {
    this.noteAnchor(element);
    const tag = element.tagName;
    const start = out.length;
    switch (tag) {
      case 'H1':
      case 'H2':
      case 'H3':
      case 'H4':
      case 'H5':
      case 'H6': {
        const content = this.inlineContent(element);
        if (!hasText(content)) break;
        const text = plainText(content).trim();
        const numbering = this.matchNumbering(text);
        const label = numbering?.label.trim() ?? '';
        const heading: Block = {
          kind: 'heading',
          id: '',
          level: Number(tag.slice(1)),
          label,
          content: numbering ? dropPrefix(content, numbering.label.length) : content,
        };
        this.pendingAnchors.push(this.uniqueSlug(githubSlug(text)));
        this.emit(out, heading);
        break;
      }
      case 'P':
      case 'DT':
      case 'DD':
      case 'SUMMARY':
      case 'CAPTION':
      case 'FIGCAPTION':
        if (this.containsBlocks(element)) this.walkBlocks(element, out);
        else {
          const content = this.inlineContent(element);
          if (hasText(content)) this.emit(out, { kind: 'paragraph', id: '', content });
        }
        break;
      case 'UL':
      case 'OL': {
        const items: Block[][] = [];
        for (const child of Array.from(element.children)) {
          if (isHidden(child)) continue;
          const item: Block[] = [];
          if (child.tagName === 'LI') {
            this.noteAnchor(child);
            this.walkBlocks(child, item);
            if (child.hasAttribute('data-key-clause')) markBlocksKey(item);
          } else this.walkBlockElement(child, item);
          if (item.length > 0) items.push(item);
        }
        if (items.length === 0) break;
        const list: Block = { kind: 'list', id: '', ordered: tag === 'OL', items };
        const startAttr = Number(element.getAttribute('start'));
        if (tag === 'OL' && Number.isInteger(startAttr) && element.hasAttribute('start'))
          list.start = startAttr;
        this.emit(out, list);
        break;
      }
      case 'TABLE':
        this.walkTable(element, out);
        break;
      case 'BLOCKQUOTE': {
        const blocks: Block[] = [];
        this.walkBlocks(element, blocks);
        if (blocks.length > 0) this.emit(out, { kind: 'quote', id: '', blocks });
        break;
      }
      case 'PRE': {
        const text = (element.textContent ?? '').replace(/^\n/, '').replace(/\s+$/, '');
        if (text.trim()) this.emit(out, { kind: 'code', id: '', text });
        break;
      }
      case 'HR':
        this.emit(out, { kind: 'rule', id: '' });
        break;
      default:
        this.walkBlocks(element, out);
    }
    if (element.hasAttribute('data-key-clause')) markBlocksKey(out.slice(start));
  }

  private containsBlocks(element: Element): boolean {
    for (let child = element.firstElementChild; child; child = child.nextElementSibling) {
      if (BLOCK_TAGS.has(child.tagName) || this.containsBlocks(child)) return true;
    }
    return false;
  }

  private uniqueSlug(slug: string): string {
    const count = this.slugCounts.get(slug) ?? 0;
    this.slugCounts.set(slug, count + 1);
    return count === 0 ? slug : `${slug}-${count}`;
  }

  private inlineContent(element: Element): Inline[] {
    const content = this.walkInlineChildren(element);
    normalizeWhitespace(content);
    return content;
  }

  private walkInlineChildren(element: Element): Inline[] {
    const out: Inline[] = [];
    for (let node = element.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) out.push({ kind: 'text', text: node.nodeValue ?? '' });
      else if (node.nodeType === 1 && !isHidden(node as Element))
        out.push(...this.walkInline(node as Element));
    }
    return out;
  }

  /** Inline walk; block elements met inside inline content become line breaks around their text. */
  private walkInline(element: Element): Inline[] {
    if (this.depth >= MAX_DEPTH) return [{ kind: 'text', text: flatText(element) }];
    this.depth++;
    try {
      return this.walkInlineWithin(element);
    } finally {
      this.depth--;
    }
  }

  private walkInlineWithin(element: Element): Inline[] {
    this.noteAnchor(element);
    const tag = element.tagName;
    if (tag === 'BR') return [{ kind: 'break' }];
    if (tag === 'WBR') return [];
    let children = this.walkInlineChildren(element);
    if (BLOCK_TAGS.has(tag)) children = [{ kind: 'break' }, ...children, { kind: 'break' }];
    let result: Inline[];
    const kind = INLINE_KIND[tag];
    if (kind) result = [{ kind, children }];
    else if (tag === 'A' && element.hasAttribute('href')) {
      const href = safeHref(element.getAttribute('href') ?? '', this.options.baseUrl);
      if (href) {
        const link: Inline = { kind: 'link', href, children };
        if (!href.startsWith('#')) link.rel = 'noopener noreferrer';
        result = [link];
      } else result = children;
    } else result = children;
    if (element.hasAttribute('data-key-clause') && hasText(children)) {
      const key: Key = { kind: 'key', clauseId: '', children: result };
      return [key];
    }
    return result;
  }

  private walkTable(table: Element, out: Block[]): void {
    const rows: Element[] = [];
    const headRows = new Set<Element>();
    for (const child of Array.from(table.children)) {
      if (child.tagName === 'TR') rows.push(child);
      else if (['THEAD', 'TBODY', 'TFOOT'].includes(child.tagName)) {
        for (const row of Array.from(child.children)) {
          if (row.tagName !== 'TR') continue;
          rows.push(row);
          if (child.tagName === 'THEAD') headRows.add(row);
        }
      } else if (child.tagName === 'CAPTION') this.walkBlockElement(child, out);
    }
    const cellsOf = (row: Element): Inline[][] =>
      Array.from(row.children)
        .filter((cell) => (cell.tagName === 'TD' || cell.tagName === 'TH') && !isHidden(cell))
        .map((cell) => this.cellContent(cell));
    let header: Inline[][] = [];
    const body: Inline[][][] = [];
    rows.forEach((row, index) => {
      const isHeader =
        headRows.has(row) ||
        (index === 0 &&
          headRows.size === 0 &&
          Array.from(row.children).every((cell) => cell.tagName === 'TH'));
      if (isHeader && header.length === 0) header = cellsOf(row);
      else body.push(cellsOf(row));
    });
    if (header.length === 0 && body.length === 0) return;
    this.emit(out, { kind: 'table', id: '', header, rows: body });
  }

  /** A cell's content as inlines: its blocks flattened, one line each. */
  private cellContent(cell: Element): Inline[] {
    this.noteAnchor(cell);
    const blocks: Block[] = [];
    const saved = this.pendingAnchors;
    this.pendingAnchors = [];
    // Anchors are only added (last in the map's order) or taken out again by a nested cell: the ones
    // this cell added are those after the first `known` (no copy of every anchor per cell).
    const known = this.anchors.size;
    this.walkBlocks(cell, blocks);
    // Anchors inside a cell point at the table (emitted after its cells).
    const inner: string[] = [];
    let index = 0;
    for (const anchor of this.anchors.keys()) if (index++ >= known) inner.push(anchor);
    for (const anchor of inner) {
      this.anchors.delete(anchor);
      saved.push(anchor);
    }
    this.pendingAnchors = [...saved, ...this.pendingAnchors];
    const out: Inline[] = [];
    const flatten = (block: Block) => {
      if (out.length > 0) out.push({ kind: 'break' });
      switch (block.kind) {
        case 'heading':
          if (block.label) out.push({ kind: 'text', text: `${block.label} ` });
          out.push(...block.content);
          break;
        case 'paragraph':
          out.push(...block.content);
          break;
        case 'list':
          block.items.forEach((item) => item.forEach(flatten));
          break;
        case 'quote':
          block.blocks.forEach(flatten);
          break;
        case 'code':
          out.push({ kind: 'code', children: [{ kind: 'text', text: block.text }] });
          break;
        case 'table':
          for (const row of [block.header, ...block.rows]) {
            if (row.length === 0) continue;
            if (out.length > 0 && out[out.length - 1]!.kind !== 'break') out.push({ kind: 'break' });
            row.forEach((c, i) => {
              if (i > 0) out.push({ kind: 'text', text: ' ' });
              out.push(...c);
            });
          }
          break;
        case 'rule':
          if (out[out.length - 1]?.kind === 'break') out.pop();
          break;
      }
    };
    blocks.forEach(flatten);
    return out;
  }
}

/** Wraps the content of every paragraph (and table cell) in `blocks` in one key clause each. */
function markBlocksKey(blocks: Block[]): void {
  const wrap = (content: Inline[]): Inline[] =>
    content.length === 1 && content[0]!.kind === 'key'
      ? content
      : [{ kind: 'key', clauseId: '', children: content }];
  for (const block of blocks) {
    if (block.kind === 'paragraph') block.content = wrap(block.content);
    else if (block.kind === 'list') block.items.forEach(markBlocksKey);
    else if (block.kind === 'quote') markBlocksKey(block.blocks);
    else if (block.kind === 'table') block.rows = block.rows.map((row) => row.map(wrap));
  }
}

/** Sanitised HTML to blocks without ids; heading levels are shifted so the top level used is 1. */
export function parseHtmlBlocks(html: string, options: HtmlParseOptions): HtmlParseResult {
  const body = sanitizeToBody(html, options.window);
  const walker = new Walker(options);
  const blocks: Block[] = [];
  walker.walkBlocks(body, blocks);
  if (options.canon !== 'assent-text/1') {
    const markup = new Map<Block, number>();
    promoteBoldHeadings(blocks, matchNumbering, dropPrefix, markup);
    assignOutlineLevels(blocks, matchNumbering, markup);
    const lang = htmlLang(html);
    return lang ? { blocks, anchors: walker.anchors, lang } : { blocks, anchors: walker.anchors };
  }
  let top = 6;
  const visit = (block: Block) => {
    if (block.kind === 'heading') top = Math.min(top, block.level);
    else if (block.kind === 'list') block.items.forEach((item) => item.forEach(visit));
    else if (block.kind === 'quote') block.blocks.forEach(visit);
  };
  blocks.forEach(visit);
  const shift = (block: Block) => {
    if (block.kind === 'heading') block.level -= top - 1;
    else if (block.kind === 'list') block.items.forEach((item) => item.forEach(shift));
    else if (block.kind === 'quote') block.blocks.forEach(shift);
  };
  if (top > 1) blocks.forEach(shift);
  const lang = htmlLang(html);
  return lang ? { blocks, anchors: walker.anchors, lang } : { blocks, anchors: walker.anchors };
}

function htmlLang(html: string): string | undefined {
  return /<html\b[^>]*\blang\s*=\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)/i.exec(html)?.[1];
}
