/**
 * The security boundary for policy HTML: DOMPurify with an allow-list, into an inert body that is
 * never attached to a page, and the one rule for which link targets may be rendered.
 */
import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import { PolicyDocumentError } from './errors.js';
import { shared } from '../internal/global.js';

/** Elements kept by the sanitiser; everything else is removed (its text kept unless listed below). */
const ALLOWED_TAGS = (
  'address article aside blockquote br caption center dd details div dl dt figcaption figure footer ' +
  'h1 h2 h3 h4 h5 h6 header hgroup hr li main ol p pre section summary table tbody td tfoot th ' +
  'thead tr ul a abbr b bdi bdo big cite code del dfn em font i ins kbd mark q s samp small span ' +
  'strike strong sub sup time tt u var wbr'
).split(' ');
const ALLOWED_ATTR = ['href', 'id', 'name', 'data-key-clause', 'start', 'lang', 'hidden', 'aria-hidden'];
/**
 * Elements removed together with their text (the HTML part of the `assent-text/1` exclusion list):
 * page navigation and forms, besides DOMPurify's own list (script, style, template, iframe, …).
 */
const FORBID_CONTENTS = (
  'script style template noscript noembed noframes iframe frameset object embed applet svg math ' +
  'canvas audio video title head xmp plaintext nav form button select option optgroup datalist ' +
  'textarea input label dialog menu output progress meter'
).split(' ');

const PURIFY_CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  FORBID_CONTENTS,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // The sanitised DOM stays in DOMPurify's inert document and is never attached, so ids cannot clobber.
  SANITIZE_DOM: false,
  KEEP_CONTENT: true,
  RETURN_DOM: true,
};

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** The link target when it is safe (http, https, mailto, tel, or `#id` inside the document), else null. */
export function safeHref(raw: string, baseUrl?: string): string | null {
  const href = raw.trim();
  if (href.startsWith('#')) return href.length > 1 ? href : null;
  let url: URL;
  try {
    url = baseUrl ? new URL(href, baseUrl) : new URL(href);
  } catch {
    return null;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
}

interface WindowHolder {
  window?: Window;
}

/**
 * The window that parses HTML when none is passed: set once in Node (`useDocumentWindow(new
 * JSDOM('').window)`); browsers use their own.
 */
export function useDocumentWindow(win: Window | undefined): void {
  shared<WindowHolder>('document:window', () => ({})).window = win;
}

function resolveWindow(win: Window | undefined): Window {
  const chosen =
    win ??
    shared<WindowHolder>('document:window', () => ({})).window ??
    (typeof window !== 'undefined' ? window : undefined);
  if (!chosen?.document) {
    throw new PolicyDocumentError(
      'no-dom',
      'Parsing HTML or Markdown needs a DOM: pass `window` (in Node, new JSDOM("").window) or call useDocumentWindow().',
    );
  }
  return chosen;
}

const purifiers = new WeakMap<Window, Purifier>();
function purifierFor(win: Window): Purifier {
  let purifier = purifiers.get(win);
  if (!purifier) {
    purifier = DOMPurify(win as unknown as Parameters<typeof DOMPurify>[0]);
    purifiers.set(win, purifier);
  }
  return purifier;
}

/** Sanitises `html` into an inert `<body>` element (never attached to a page). */
export function sanitizeToBody(html: string, win?: Window): HTMLElement {
  const resolved = resolveWindow(win);
  let body: HTMLElement | null;
  try {
    body = purifierFor(resolved).sanitize(html, PURIFY_CONFIG) as unknown as HTMLElement | null;
  } catch (error) {
    throw new PolicyDocumentError(
      'sanitizer-failed',
      'The HTML sanitiser failed on this document (for example markup nested thousands of levels deep).',
      { cause: error },
    );
  }
  // A document that is only a <frameset> has no body: nothing of it is text.
  return body ?? resolved.document.implementation.createHTMLDocument('').body;
}
