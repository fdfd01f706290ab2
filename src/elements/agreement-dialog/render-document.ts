import { headingKey } from '../../consent/agreements.js';
import { headingSeparator, inlineText } from '../../document/canonical.js';
import type { Block, Inline, PolicyDocument } from '../../document/model.js';
import { whenIdle } from '../../internal/idle.js';

/** How headings that changed since the accepted version are marked (heading key -> label). */
export interface RenderOptions {
  /** Called for an in-document link (`#id`) instead of navigating. */
  onAnchor: (event: Event, id: string) => void;
  /** Badge shown beside a heading, keyed by the heading's label + text; e.g. 「新增」「已修改」. */
  headingBadge?: (key: string) => string | undefined;
  /** Called once a document built in slices has its last block in the DOM. */
  onComplete?: () => void;
}

/** A document rendered once: its content element and what the reading controller watches in it. */
export interface RenderedDocument {
  /** `<div class="content">`: the blocks in chunks, plus the progress marks. */
  content: HTMLElement;
  /** Key clause id -> its first rendered element (filled as the chunks are built). */
  keyClauses: ReadonlyMap<string, Element>;
  /** Invisible marks at even fractions of the content's height: crossing one updates reading progress. */
  progressMarks: readonly Element[];
  /**
   * Every block is in the DOM. A long text shows its first screenful at once and builds the rest in
   * slices at idle time; until then its end, progress and key clauses must not be watched (a reader
   * would "reach the end" of half a text).
   */
  readonly complete: boolean;
  /** Builds what is left now (the reader asked for a clause or heading further on). */
  finish(): void;
}

const SAFE_URL = /^(https?:|mailto:|tel:)/i;
/**
 * Blocks are grouped into chunks of about this many characters. A chunk is one `content-visibility:
 * auto` box: the browser lays out the chunks on screen, and sizes the others by estimate until they
 * come near (see the dialog's styles). About two screenfuls: a frame that scrolls into fresh text lays
 * out what came into view plus at most one chunk beyond it (docs/performance.md, round 4).
 */
const CHUNK_CHARS = 2000;
/** Texts longer than this are laid out by chunk, as they come near the view, and built in slices. */
const LONG_CHARS = 60_000;
/** Characters of a long text built at once: more than a screenful at any dialog size. */
const FIRST_CHARS = 8000;
/** Time one slice of building may take, ms (a task over 50 ms is a long task, on a slow phone too). */
const SLICE_MS = 6;
/** A busy page still gets the rest of its text within a second; without idle callbacks, after a task. */
const BUILD_IDLE = { timeoutMs: 1000, fallbackDelayMs: 0 };

/** Reading progress advances in steps of 1 / PROGRESS_STEPS of the document. */
const PROGRESS_STEPS = 20;

/**
 * Builds the document's DOM directly from the model, once: text always goes in as text nodes, never
 * parsed as HTML, and links keep only the safe URL schemes the model allows (checked again here).
 * Building nodes by hand rather than with one Lit template per block and inline makes opening a
 * long document several times cheaper; the result is cached by {@link DocumentRenderer}.
 */
export function renderDocument(policy: PolicyDocument, options: RenderOptions): RenderedDocument {
  const content = document.createElement('div');
  content.className = 'content';
  const keyClauses = new Map<string, Element>();
  const builder = new Builder(options, keyClauses);
  const chunks: { element: HTMLElement; chars: number }[] = [];
  const blocks = policy.blocks;
  let next = 0;
  const buildBlock = () => {
    let chunk = chunks.at(-1);
    if (!chunk || chunk.chars >= CHUNK_CHARS) {
      chunk = { element: document.createElement('div'), chars: 0 };
      chunk.element.className = 'chunk';
      content.append(chunk.element);
      chunks.push(chunk);
    }
    const before = builder.chars;
    chunk.element.append(builder.block(blocks[next++]!));
    chunk.chars += builder.chars - before;
  };
  // Spread evenly over the content's height by the styles (no style attributes: strict CSP).
  const marks = element('div', 'progress-marks');
  marks.setAttribute('aria-hidden', 'true');
  const progressMarks: Element[] = [];
  for (let step = 1; step < PROGRESS_STEPS; step++) progressMarks.push(marks.appendChild(element('span')));
  const rendered = { content, keyClauses, progressMarks, complete: false, finish: () => {} };
  const complete = () => {
    content.append(marks);
    rendered.complete = true;
  };

  // A long text (judged by its canonical text, before building) shows its start now, the rest later.
  const long = policy.canonicalText.length > LONG_CHARS;
  if (long) {
    content.classList.add('long');
    // Chinese, Japanese and Korean text takes about twice the height per character (estimates only).
    if (/^(zh|ja|ko)\b/i.test(policy.locale ?? '')) content.classList.add('cjk');
  }
  while (next < blocks.length && (!long || builder.chars < FIRST_CHARS)) buildBlock();
  if (next >= blocks.length) {
    complete();
    return rendered;
  }
  let pending: (() => void) | undefined;
  const slice = (): void => {
    pending = undefined;
    const deadline = performance.now() + SLICE_MS;
    while (next < blocks.length && performance.now() < deadline) buildBlock();
    if (next < blocks.length) {
      pending = whenIdle(slice, BUILD_IDLE);
      return;
    }
    complete();
    options.onComplete?.();
  };
  rendered.finish = () => {
    if (rendered.complete) return;
    pending?.();
    while (next < blocks.length) buildBlock();
    complete();
    options.onComplete?.();
  };
  pending = whenIdle(slice, BUILD_IDLE);
  return rendered;
}

/**
 * Keeps each document's rendered DOM for one element, so re-renders (reading progress, dwell ticks,
 * tab switches) and reopening the dialog reuse it instead of building it again. Keyed by the parsed
 * document (one per source: parsing is cached too) and by what else changes the markup (badges).
 */
export class DocumentRenderer {
  private readonly rendered = new WeakMap<PolicyDocument, { variant: string; result: RenderedDocument }>();

  /** The rendered document; `variant` names the badges (and their language) that `options` gives. */
  render(policy: PolicyDocument, variant: string, options: RenderOptions): RenderedDocument {
    const cached = this.rendered.get(policy);
    if (cached && cached.variant === variant) return cached.result;
    const result = renderDocument(policy, options);
    this.rendered.set(policy, { variant, result });
    return result;
  }

  /** What `render` last built for `policy`, if anything. */
  get(policy: PolicyDocument): RenderedDocument | undefined {
    return this.rendered.get(policy)?.result;
  }
}

class Builder {
  /** Characters of text built so far (to cut chunks of a similar size). */
  chars = 0;

  constructor(
    private readonly options: RenderOptions,
    private readonly keyClauses: Map<string, Element>,
  ) {}

  block(block: Block): HTMLElement {
    switch (block.kind) {
      case 'heading': {
        const heading = element('div', `heading level-${Math.min(block.level, 6)}`);
        heading.setAttribute('part', 'heading-block');
        heading.setAttribute('role', 'heading');
        heading.setAttribute('aria-level', String(Math.min(block.level + 2, 6)));
        heading.id = block.id;
        heading.tabIndex = -1;
        if (block.label) {
          heading.append(element('span', 'label', block.label));
          this.chars += block.label.length;
          const separator = headingSeparator(block.label, inlineText(block.content).trimStart());
          if (separator) heading.append(separator);
        }
        this.inlines(heading, block.content);
        const badge = this.options.headingBadge?.(headingKey(block.label, block.content));
        if (badge) {
          const mark = element('span', 'badge', badge);
          mark.setAttribute('part', 'change-badge');
          heading.append(' ', mark);
        }
        return heading;
      }
      case 'paragraph':
        return this.inlines(withId(element('p'), block.id), block.content);
      case 'list': {
        const list = withId(element(block.ordered ? 'ol' : 'ul'), block.id);
        if (block.ordered) list.setAttribute('start', String(block.start ?? 1));
        for (const item of block.items) {
          const li = element('li');
          for (const child of item) li.append(this.block(child));
          list.append(li);
        }
        return list;
      }
      case 'table': {
        const wrap = element('div', 'table-wrap');
        const table = withId(element('table'), block.id);
        if (block.header.length) {
          const row = element('tr');
          for (const cell of block.header) {
            const th = this.inlines(element('th'), cell);
            th.setAttribute('scope', 'col');
            row.append(th);
          }
          const head = element('thead');
          head.append(row);
          table.append(head);
        }
        const body = element('tbody');
        for (const cells of block.rows) {
          const row = element('tr');
          for (const cell of cells) row.append(this.inlines(element('td'), cell));
          body.append(row);
        }
        table.append(body);
        wrap.append(table);
        return wrap;
      }
      case 'quote': {
        const quote = withId(element('blockquote'), block.id);
        for (const child of block.blocks) quote.append(this.block(child));
        return quote;
      }
      case 'code': {
        const pre = withId(element('pre'), block.id);
        pre.append(element('code', '', block.text));
        this.chars += block.text.length;
        return pre;
      }
      case 'rule':
        return withId(element('hr'), block.id);
    }
  }

  private inlines<T extends ParentNode>(parent: T, content: readonly Inline[]): T {
    for (const node of content) parent.append(this.inline(node));
    return parent;
  }

  private inline(node: Inline): Node {
    switch (node.kind) {
      case 'text':
        this.chars += node.text.length;
        return document.createTextNode(node.text);
      case 'break':
        return element('br');
      case 'strong':
        return this.inlines(element('strong'), node.children);
      case 'em':
        return this.inlines(element('em'), node.children);
      case 'underline':
        return this.inlines(element('u'), node.children);
      case 'mark':
        return this.inlines(element('mark'), node.children);
      case 'code':
        return this.inlines(element('code'), node.children);
      case 'del':
        return this.inlines(element('del'), node.children);
      case 'key': {
        const clause = element('span', 'key-clause');
        clause.setAttribute('part', 'key-clause');
        clause.dataset.clauseId = node.clauseId;
        clause.tabIndex = -1;
        if (!this.keyClauses.has(node.clauseId)) this.keyClauses.set(node.clauseId, clause);
        return this.inlines(clause, node.children);
      }
      case 'link': {
        if (node.href.startsWith('#')) {
          const id = node.href.slice(1);
          const link = element('a');
          link.setAttribute('href', node.href);
          link.addEventListener('click', (event) => this.options.onAnchor(event, id));
          return this.inlines(link, node.children);
        }
        if (!SAFE_URL.test(node.href)) return this.inlines(document.createDocumentFragment(), node.children);
        const link = element('a');
        link.setAttribute('href', node.href);
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        return this.inlines(link, node.children);
      }
    }
  }
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function withId<T extends HTMLElement>(node: T, id: string): T {
  if (id) node.id = id;
  return node;
}
