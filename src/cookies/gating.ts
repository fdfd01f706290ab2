/**
 * Script and embed gating. Host pages mark what waits for consent:
 *
 *   <script type="text/plain" data-consent="analytics" data-src="https://…/tag.js" nonce="…"></script>
 *   <script type="text/plain" data-consent="!analytics">…runs when analytics is refused…</script>
 *   <iframe data-consent="marketing" data-service="youtube" data-src="https://www.youtube-nocookie.com/…"></iframe>
 *
 * Inert scripts never run on their own (`text/plain` is not a script type, and such a script's `src` is
 * never fetched). Once allowed, each becomes a real `<script>` in document order, keeping its nonce,
 * integrity, async/defer and other attributes; scripts already run cannot be unloaded.
 *
 * Markup injected into the page (a comment field, a CMS block) must not become script through Assent:
 * once the page's nonce is known (from Assent's own `<script nonce>` or the configuration's
 * `scriptNonce`), only inert scripts carrying that nonce are activated, and only http(s) or relative
 * URLs are loaded.
 */
import { resolveLocale } from '../i18n/locale.js';
import { translate } from '../i18n/translator.js';
import { shared } from '../internal/global.js';
import { reportError } from '../events/events.js';

/** Whether `id` (category or service) is granted: true, false, or undefined while nobody decided. */
export type Verdict = (id: string) => boolean | undefined;

const SCRIPTS = 'script[type="text/plain"][data-consent]';
const EMBEDS =
  'iframe[data-consent][data-src], embed[data-consent][data-src], img[data-consent][data-src], video[data-consent][data-src], audio[data-consent][data-src]';
const PLACEHOLDER_ATTR = 'data-assent-placeholder';
const REFUSED_ATTR = 'data-assent-refused';

interface TrustedTypePolicyLike {
  createScript(input: string): unknown;
  createScriptURL(input: string): unknown;
}

/**
 * A Trusted Types policy for the one job of turning the page's own inert scripts into real ones. Under
 * `require-trusted-types-for 'script'` a host that restricts policy names must allow `assent`. It is
 * kept in this module, never on the shared global, and passes only the value this module is converting
 * at that moment: it is no general pass-through for other code that gets hold of it.
 */
let trustedTypesPolicy: TrustedTypePolicyLike | null | undefined;
const vouchedFor = new Set<string>();

function vouch(value: string): string {
  if (!vouchedFor.has(value))
    throw new TypeError('The "assent" Trusted Types policy only passes scripts Assent itself activates');
  return value;
}

function policy(): TrustedTypePolicyLike | null {
  if (trustedTypesPolicy !== undefined) return trustedTypesPolicy;
  const factory = (
    globalThis as { trustedTypes?: { createPolicy(name: string, rules: object): TrustedTypePolicyLike } }
  ).trustedTypes;
  if (!factory) return (trustedTypesPolicy = null);
  try {
    trustedTypesPolicy = factory.createPolicy('assent', { createScript: vouch, createScriptURL: vouch });
  } catch (error) {
    trustedTypesPolicy = null;
    reportError(
      'trusted-types-policy',
      'Trusted Types policy "assent" could not be created; allow it in the trusted-types CSP directive',
      undefined,
      error,
    );
  }
  return trustedTypesPolicy;
}

function trusted(kind: 'createScript' | 'createScriptURL', value: string): string {
  const active = policy();
  if (!active) return value;
  vouchedFor.add(value);
  try {
    return active[kind](value) as string;
  } finally {
    vouchedFor.delete(value);
  }
}

function asScript(text: string): string {
  return trusted('createScript', text);
}

/** `url` as a TrustedScriptURL where Trusted Types are enforced (for scripts the library itself loads). */
export function asScriptURL(url: string): string {
  return trusted('createScriptURL', url);
}

/** The nonce of the page's own scripts, once known; inert scripts without it are not activated. */
interface PageNonce {
  /** From the configuration's `scriptNonce`: wins. */
  configured?: string;
  /** From the nonce of Assent's own `<script>` (IIFE builds). */
  script?: string;
}

function pageNonce(): PageNonce {
  return shared<PageNonce>('page-nonce', () => ({}));
}

/** Tells gating the nonce of Assent's own `<script>` (IIFE builds); the first one learned stays. */
export function learnPageNonce(nonce: string | undefined | null): void {
  if (nonce) pageNonce().script ??= nonce;
}

/** The configuration's `scriptNonce` (each configuration replaces the last; undefined clears it). */
export function setConfiguredNonce(nonce: string | undefined): void {
  pageNonce().configured = nonce || undefined;
}

/**
 * A host-given URL Assent may load: http(s), or relative to the page (never `javascript:`, `data:`…);
 * `about:blank` (an empty placeholder page) too.
 */
function loadableUrl(value: string): boolean {
  try {
    const url = new URL(value, document.baseURI);
    if (url.protocol === 'about:') return url.pathname === 'blank';
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Whether an inert script may become a real one: it carries the page's nonce, when that is known. */
function trustedInert(inert: HTMLScriptElement): boolean {
  const { configured, script } = pageNonce();
  const expected = configured ?? script;
  if (expected !== undefined && inert.nonce !== expected) {
    refuse(inert, 'gated-script-refused', "a gated script without the page's nonce was not activated");
    return false;
  }
  const src = inert.getAttribute('data-src') ?? inert.getAttribute('src');
  if (src !== null && !loadableUrl(src)) {
    refuse(inert, 'unsafe-url', `a gated script's data-src must be an http(s) or relative URL`);
    return false;
  }
  return true;
}

/** Reports a refused gated element once and marks it, so it is neither activated nor reported again. */
function refuse(element: Element, code: string, message: string): void {
  if (element.hasAttribute(REFUSED_ATTR)) return;
  element.setAttribute(REFUSED_ATTR, code);
  reportError(code, message, element);
}

/** Parses `data-consent` (`analytics` or `!analytics`) with the optional `data-service`. */
function rule(element: Element): { id: string; negated: boolean } {
  const raw = (element.getAttribute('data-consent') ?? '').trim();
  const negated = raw.startsWith('!');
  const category = negated ? raw.slice(1).trim() : raw;
  return { id: element.getAttribute('data-service')?.trim() || category, negated };
}

function allowed(element: Element, verdict: Verdict): boolean {
  const { id, negated } = rule(element);
  const granted = verdict(id);
  return negated ? granted === false : granted === true;
}

/** Turns one inert script into a live one; resolves when it ran (or failed), so order is kept. */
function activateScript(inert: HTMLScriptElement): Promise<void> {
  const script = document.createElement('script');
  for (const { name, value } of Array.from(inert.attributes)) {
    if (name === 'type' || name === 'src' || name === 'data-src' || name === 'data-type' || name === 'nonce')
      continue;
    script.setAttribute(name, value);
  }
  const type = inert.getAttribute('data-type');
  if (type) script.type = type;
  // Browsers hide the nonce attribute after parsing; the property still holds it.
  if (inert.nonce) script.nonce = inert.nonce;
  script.setAttribute('data-assent-ran', '');
  const src = inert.getAttribute('data-src') ?? inert.getAttribute('src');
  if (!src) {
    script.text = asScript(inert.text);
    inert.replaceWith(script);
    return Promise.resolve();
  }
  // Inserted scripts are async by default; without `async` they run in insertion order after the previous one.
  const waits = !inert.hasAttribute('async');
  script.async = !waits ? true : false;
  const done = new Promise<void>((resolve) => {
    script.addEventListener('load', () => resolve(), { once: true });
    script.addEventListener('error', () => resolve(), { once: true });
  });
  script.src = asScriptURL(src);
  inert.replaceWith(script);
  return waits ? done : Promise.resolve();
}

function serviceLabel(
  element: Element,
  locale: ReturnType<typeof resolveLocale>,
  names: (id: string, locale: string) => string | undefined,
): string {
  const { id } = rule(element);
  return element.getAttribute('data-service-name') ?? names(id, locale) ?? id;
}

/** A localized stand-in with one button that consents to that one service. */
function placeholderFor(
  element: HTMLElement,
  onGrant: (id: string, label: string) => void,
  names: (id: string, locale: string) => string | undefined,
): HTMLElement {
  const locale = resolveLocale(element);
  const name = serviceLabel(element, locale, names);
  const box = document.createElement('div');
  box.setAttribute(PLACEHOLDER_ATTR, '');
  box.setAttribute('role', 'group');
  box.setAttribute('lang', locale);
  box.setAttribute('aria-label', translate(locale, 'cookies.placeholder.label', { service: name }));
  box.className = 'assent-placeholder';
  // Keep the embed's box so loading it later does not shift the page (CSSOM styles pass a strict style-src).
  const width = element.getAttribute('width');
  const height = element.getAttribute('height');
  const size = (value: string | null, fallback: string) =>
    value ? (/^\d+$/.test(value) ? `${value}px` : value) : fallback;
  box.style.cssText =
    'box-sizing:border-box;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:.75em;padding:1em;text-align:center;max-inline-size:100%;' +
    'background:var(--assent-placeholder-background,#f3f4f6);color:var(--assent-placeholder-color,#1f2328);' +
    'border:1px solid var(--assent-placeholder-border,#d0d7de);border-radius:var(--assent-radius,8px)';
  box.style.inlineSize = size(width, '100%');
  box.style.blockSize = size(height, 'auto');
  const text = document.createElement('p');
  text.style.margin = '0';
  text.textContent = translate(locale, 'cookies.placeholder.text', { service: name });
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = translate(locale, 'cookies.placeholder.load', { service: name });
  button.addEventListener('click', () => onGrant(rule(element).id, button.textContent ?? ''));
  box.append(text, button);
  return box;
}

function activateEmbed(element: HTMLElement): void {
  const src = element.getAttribute('data-src')!;
  if (!loadableUrl(src)) {
    refuse(
      element,
      'unsafe-url',
      `a gated ${element.localName}'s data-src must be an http(s) or relative URL`,
    );
    return;
  }
  if (element.previousElementSibling?.hasAttribute(PLACEHOLDER_ATTR)) element.previousElementSibling.remove();
  element.removeAttribute('data-src');
  element.hidden = false;
  element.setAttribute('src', element.localName === 'embed' ? asScriptURL(src) : src);
}

interface GatingState {
  queue: Promise<void>;
}

/**
 * Runs every gated script and loads every gated embed that `verdict` now allows, in document order;
 * embeds still waiting get a placeholder. Returns when the scripts allowed so far have run.
 */
export function applyGating(
  root: ParentNode,
  verdict: Verdict,
  onGrant: (serviceId: string, label: string) => void,
  names: (id: string, locale: string) => string | undefined,
): Promise<void> {
  const state = shared<GatingState>('gating', () => ({ queue: Promise.resolve() }));
  for (const element of Array.from(root.querySelectorAll<HTMLElement>(EMBEDS))) {
    if (rule(element).negated) continue;
    if (allowed(element, verdict)) activateEmbed(element);
    else if (!element.previousElementSibling?.hasAttribute(PLACEHOLDER_ATTR)) {
      element.hidden = true;
      element.before(placeholderFor(element, onGrant, names));
    }
  }
  // Chained so that scripts allowed by two quick changes still run once each, in document order.
  state.queue = state.queue.then(async () => {
    for (const script of Array.from(root.querySelectorAll<HTMLScriptElement>(SCRIPTS))) {
      if (!script.isConnected || script.hasAttribute(REFUSED_ATTR) || !allowed(script, verdict)) continue;
      if (trustedInert(script)) await activateScript(script);
    }
  });
  return state.queue;
}

/** Re-translates placeholders (after a language change). */
export function refreshPlaceholders(
  root: ParentNode,
  onGrant: (serviceId: string, label: string) => void,
  names: (id: string, locale: string) => string | undefined,
): void {
  for (const box of Array.from(root.querySelectorAll<HTMLElement>(`[${PLACEHOLDER_ATTR}]`))) {
    const element = box.nextElementSibling as HTMLElement | null;
    if (element?.matches(EMBEDS)) box.replaceWith(placeholderFor(element, onGrant, names));
  }
}
