import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { CrossBorderLabels, CrossBorderRecipient } from '../../document/cross-border.js';
import type { DocumentFormat, PolicyDocument } from '../../document/model.js';
import { reportError } from '../../events/events.js';
import { checkUrl } from '../../internal/url.js';
import { resolveLocale } from '../../i18n/locale.js';
import { agreementStrings } from '../../i18n/resources/agreement.js';
import { registerStrings, translate } from '../../i18n/translator.js';
import { policyDocumentStyles } from './policy-document.styles.js';

/** How much reading a document requires before it can be accepted. */
export type ReadRequirement = 'scroll' | 'dwell' | 'none';
/** How a new version is presented to someone who accepted an earlier one. */
export type ChangeLevel = 'major' | 'minor';

/**
 * @tagname policy-document
 * @summary A policy document's id, version, title and source, for `<agreement-dialog>`. Renders nothing.
 *
 * The text comes from `src` (fetched and parsed by `assent/document`), from inline content (a child
 * `<template>` for HTML, a `<script type="text/markdown">` / `<script type="text/plain">`, or the
 * element's own text), or from the `policy` property (an already parsed document).
 *
 * A cross-border transfer notice (PIPL art. 39) is written from the host's description of the overseas
 * recipient: set `crossBorder` (or give a child `<script type="application/json">` with it). The notice
 * is generated in the element's language as a Markdown document, so the receipt's document hash
 * covers the recipient's name, contact, purposes, categories and rights exactly as shown. Pair it
 * with `<consent-checkbox separate purpose="cross-border">`.
 *
 * @attribute title - The document's title: tab label, checkbox sentence, receipts (falls back to the parsed title).
 * @slot - Inline document source (never displayed as such; the dialog renders the parsed model).
 * @fires assent-error - `src` is not an http(s), relative or page `blob:` URL (`unsafe-url`); `detail: { code, message }`.
 */
export class PolicyDocumentElement extends LitElement {
  static override styles = policyDocumentStyles;

  /** Document id, referenced by `<consent-checkbox documents="...">` and recorded in receipts. */
  @property({ attribute: 'doc-id', reflect: true }) docId = '';
  /** Version label, e.g. `2026-11-01`; a change of version asks people who accepted an older one again. */
  @property({ reflect: true }) version = '';
  /** URL of the document text. */
  @property() src = '';
  /** Format of the source; guessed from the URL or content when absent. */
  @property() format: DocumentFormat | '' = '';
  /** ISO date (YYYY-MM-DD) this version takes effect. */
  @property({ attribute: 'effective-date' }) effectiveDate = '';
  /** Reading required before accepting: `scroll` (to the end), `dwell` (a minimum time), `none`. Defaults to the dialog's `require`. */
  @property() require: ReadRequirement | '' = '';
  /** Seconds of reading for `require="dwell"`. Defaults to the dialog's `dwell`. */
  @property({ type: Number }) dwell?: number;
  /** `major` (default): people must accept the new version; `minor`: they are only told about it. */
  @property() change: ChangeLevel = 'major';
  /** Extra key-clause markers, space separated (e.g. `【重要】`). */
  @property({ attribute: 'key-clause-markers' }) keyClauseMarkers = '';

  /** An already parsed document; takes precedence over `src` and inline content. */
  @property({ attribute: false }) policy?: PolicyDocument;
  /** The overseas recipient of a cross-border transfer: the document becomes its PIPL art. 39 notice. */
  @property({ attribute: false }) crossBorder?: CrossBorderRecipient;

  private cache: { key: string; promise: Promise<PolicyDocument> } | undefined;

  /** Parses (or fetches and parses) the document; the same source is parsed once. Rejects with `PolicyDocumentError`. */
  load(): Promise<PolicyDocument> {
    if (this.policy) return Promise.resolve(this.policy);
    const recipient = this.recipient();
    if (recipient !== undefined) return this.loadNotice(recipient);
    const inline = this.src ? { text: '' } : this.inlineSource();
    const key = JSON.stringify([this.src, inline, this.options()]);
    if (this.cache?.key === key) return this.cache.promise;
    // The parser (Markdown, HTML sanitiser) loads on first use, so it stays off the page's first paint.
    // http(s) or relative only (a page's own `blob:` too): `javascript:`, `data:`… are never fetched.
    const checked = this.src ? checkUrl(this.src, this.baseURI, ['blob:']) : undefined;
    if (checked && !checked.ok) {
      reportError('unsafe-url', `<policy-document> src must be an http(s) or relative URL`, this);
      const refused = import('../../document/index.js').then(({ PolicyDocumentError }) => {
        throw new PolicyDocumentError('fetch-failed', 'The src is not an http(s) or relative URL.');
      });
      this.cache = { key, promise: refused };
      return refused;
    }
    const url = checked?.href ?? '';
    const promise = url
      ? import('../../document/index.js').then(({ loadPolicy }) => loadPolicy(url, this.options()))
      : parseOnce(key, () =>
          // In slices with the page free between them: a 200,000-character text is no long task.
          import('../../document/index.js').then(({ parsePolicyAsync }) =>
            parsePolicyAsync(inline.text, this.options(inline.format)),
          ),
        );
    this.cache = { key, promise };
    return promise;
  }

  /** The recipient of a cross-border notice: the property, or a child JSON script (unparsable JSON is reported on load). */
  private recipient(): unknown {
    if (this.crossBorder !== undefined) return this.crossBorder;
    const script = this.querySelector(':scope > script[type="application/json"]');
    if (!script) return undefined;
    try {
      return JSON.parse(script.textContent ?? '') as unknown;
    } catch {
      return null;
    }
  }

  private loadNotice(recipient: unknown): Promise<PolicyDocument> {
    const locale = resolveLocale(this);
    const key = JSON.stringify(['cross-border', recipient, locale, this.options()]);
    if (this.cache?.key === key) return this.cache.promise;
    registerStrings(agreementStrings);
    const names = ['title', 'intro', 'name', 'country', 'contact', 'purposes', 'methods', 'categories'];
    const labels = Object.fromEntries(
      [...names, 'retention', 'rights'].map((name) => [name, translate(locale, `crossBorder.${name}`)]),
    ) as unknown as CrossBorderLabels;
    const promise = import('../../document/index.js').then(({ crossBorderNotice, parsePolicy }) =>
      parsePolicy(crossBorderNotice(recipient as CrossBorderRecipient, labels), {
        ...this.options('markdown'),
        title: this.title || labels.title,
      }),
    );
    this.cache = { key, promise };
    return promise;
  }

  private options(format?: DocumentFormat) {
    const markers = this.keyClauseMarkers.split(/\s+/).filter(Boolean);
    return {
      id: this.docId,
      version: this.version,
      title: this.title || undefined,
      locale: this.lang || undefined,
      effectiveDate: this.effectiveDate || undefined,
      format: this.format || format || undefined,
      keyClauseMarkers: markers.length ? markers : undefined,
    };
  }

  /**
   * Inline source and the format it implies. A template's markup is read as text: its nodes are never
   * adopted into this live document, where an image would start loading (and `onerror` run) before the
   * sanitiser saw it.
   */
  private inlineSource(): { text: string; format?: DocumentFormat } {
    const template = this.querySelector(':scope > template');
    if (template instanceof HTMLTemplateElement) return { text: template.innerHTML, format: 'html' };
    const script = this.querySelector(':scope > script[type]');
    if (script) {
      const type = script.getAttribute('type') ?? '';
      const format: DocumentFormat = /markdown/.test(type) ? 'markdown' : /html/.test(type) ? 'html' : 'text';
      return { text: dedent(script.textContent ?? ''), format };
    }
    return { text: dedent(this.textContent ?? '') };
  }

  override render() {
    return null;
  }
}

/**
 * Inline sources parsed on this page, by source and options: the same text in another element (a
 * second dialog, an element re-created by a framework) is parsed once. Bounded; failures are not kept.
 */
const parsed = new Map<string, Promise<PolicyDocument>>();
const PARSED_KEPT = 8;

function parseOnce(key: string, parse: () => Promise<PolicyDocument>): Promise<PolicyDocument> {
  let promise = parsed.get(key);
  if (!promise) {
    promise = parse();
    parsed.set(key, promise);
    promise.catch(() => parsed.delete(key));
    if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  }
  return promise;
}

/** Removes the indentation inline text picks up from the surrounding markup. */
function dedent(text: string): string {
  const trimmed = text.replace(/^\s*\n/, '').trimEnd();
  // The common indentation of the non-blank lines, found without splitting the text: most sources
  // have a line at the margin, and a 200,000-character text is not copied line by line for nothing.
  let indent = Number.POSITIVE_INFINITY;
  for (let start = 0; start < trimmed.length;) {
    const newline = trimmed.indexOf('\n', start);
    const end = newline < 0 ? trimmed.length : newline;
    let at = start;
    while (at < end && (trimmed[at] === ' ' || trimmed[at] === '\t')) at++;
    if (at - start < indent && trimmed.slice(at, end).trim()) {
      indent = at - start;
      if (indent === 0) return trimmed;
    }
    start = end + 1;
  }
  if (!Number.isFinite(indent)) return trimmed;
  return trimmed
    .split('\n')
    .map((line) => line.slice(indent))
    .join('\n');
}
