import { shared } from '../internal/global.js';
import { isSafeKey, own } from '../internal/own.js';
import { FALLBACK_LOCALE, type SupportedLocale } from './locale.js';

/** Strings of one namespace per locale, in i18next's resource format (`{{name}}` interpolation). */
export type StringTable = { [key: string]: string | StringTable };
export type LocaleResources = Record<SupportedLocale, StringTable>;

/** The subset of an i18next instance Assent uses; a host's own instance satisfies it. */
export interface I18nextLike {
  t(key: string, options?: Record<string, unknown>): string;
  addResourceBundle(lng: string, ns: string, resources: object, deep?: boolean, overwrite?: boolean): unknown;
  hasResourceBundle?(lng: string, ns: string): boolean;
  /** i18next's own options: read to see whether it already leaves interpolated values unescaped. */
  options?: { interpolation?: { escapeValue?: boolean } };
  /** i18next's events (`languageChanged`, `initialized`): without them, translations are not memoised. */
  on?(event: string, listener: () => void): unknown;
  off?(event: string, listener: () => void): unknown;
  /** i18next's resource store, whose `added` / `removed` events say the strings changed. */
  store?: {
    on?(event: string, listener: () => void): unknown;
    off?(event: string, listener: () => void): unknown;
  };
}

export const NAMESPACE = 'assent';

interface TranslatorState {
  resources: Map<SupportedLocale, StringTable>;
  i18next: I18nextLike | undefined;
  registered: Set<LocaleResources>;
  listeners: Set<() => void>;
  /** Translations already made, by locale, key and values (see `memoKey`); emptied when strings change. */
  memo?: Map<string, string>;
  /** The i18next instance and resource store whose change events empty `memo` (none: no memo). */
  watched?: { instance: I18nextLike; store: NonNullable<I18nextLike['store']>; forget: () => void };
}

/** Enough for every key × locale × count the elements use; a page that passes ever new values starts over. */
const MEMO_LIMIT = 2000;

/**
 * Page-wide strings. Without a host i18next instance, a small resolver reads the bundled tables
 * (same format, same `{{var}}` syntax) so the banner paints without waiting for i18next; with one,
 * Assent adds its tables to it under the `assent` namespace and translates through it.
 */
function state(): TranslatorState {
  return shared('i18n', () => ({
    resources: new Map(),
    i18next: undefined,
    registered: new Set(),
    listeners: new Set(),
  }));
}

/** Merges host strings into `target`; keys that would reach a prototype (`__proto__`…) are skipped. */
function deepMerge(target: StringTable, source: StringTable): StringTable {
  for (const [key, value] of Object.entries(source)) {
    if (!isSafeKey(key)) continue;
    const existing = own(target, key);
    const isTable = (node: unknown): node is StringTable => typeof node === 'object' && node !== null;
    target[key] = isTable(value) ? deepMerge(isTable(existing) ? existing : {}, value) : value;
  }
  return target;
}

/** Adds a table of strings (bundled or the host's overrides) for every locale it covers. */
export function registerStrings(resources: Partial<LocaleResources>, overwrite = false): void {
  const s = state();
  if (!overwrite && s.registered.has(resources as LocaleResources)) return;
  s.registered.add(resources as LocaleResources);
  for (const [locale, table] of Object.entries(resources) as [SupportedLocale, StringTable][]) {
    if (typeof table !== 'object' || table === null) continue;
    const current = s.resources.get(locale) ?? {};
    s.resources.set(locale, deepMerge(current, table));
    // The host's i18next gets the same cleaned copy, whatever its own merge does with `__proto__`.
    s.i18next?.addResourceBundle(locale, NAMESPACE, deepMerge({}, table), true, overwrite);
  }
  s.memo?.clear();
  if (overwrite) notify();
}

/** Shares the host's i18next instance: Assent's strings are added to it under the `assent` namespace. */
export function useI18next(instance: I18nextLike | undefined): void {
  const s = state();
  s.i18next = instance;
  if (instance) {
    for (const [locale, table] of s.resources)
      instance.addResourceBundle(locale, NAMESPACE, table, true, false);
  }
  watch(s);
  notify();
}

/**
 * Follows the changes of the shared i18next instance that can change a translation (its language, its
 * resources, a new store after `init()`) by emptying the memo. An instance without events is not memoised.
 */
function watch(s: TranslatorState): void {
  s.memo?.clear();
  const instance = s.i18next;
  const store = instance?.store;
  if (s.watched?.instance === instance && s.watched?.store === store) return;
  s.watched?.forget();
  s.watched = undefined;
  if (!instance?.on || !instance.off || !store?.on || !store.off) return;
  const forgetAll = () => s.memo?.clear();
  // `init()` replaces the store (a host may share its instance before initialising it).
  const renewed = () => watch(s);
  instance.on('languageChanged', forgetAll);
  instance.on('initialized', renewed);
  store.on('added', forgetAll);
  store.on('removed', forgetAll);
  s.watched = {
    instance,
    store,
    forget: () => {
      instance.off!('languageChanged', forgetAll);
      instance.off!('initialized', renewed);
      store.off!('added', forgetAll);
      store.off!('removed', forgetAll);
    },
  };
}

/**
 * The memo's key for a translation: locale, key and the values, when they are all strings, numbers or
 * booleans (anything else, such as an object i18next would walk into, is not memoised: undefined).
 */
function memoKey(locale: string, key: string, vars: Record<string, unknown>): string | undefined {
  const parts: unknown[] = [locale, key];
  for (const name in vars) {
    const value = vars[name];
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean') return undefined;
    parts.push(name, value);
  }
  return JSON.stringify(parts);
}

export function onStringsChanged(listener: () => void): () => void {
  state().listeners.add(listener);
  return () => state().listeners.delete(listener);
}

function notify(): void {
  for (const listener of state().listeners) listener();
}

function lookup(table: StringTable | undefined, key: string): string | undefined {
  let node: string | StringTable | undefined = table;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = own(node, part);
  }
  return typeof node === 'string' ? node : undefined;
}

function pluralKey(locale: SupportedLocale, count: number): string {
  return new Intl.PluralRules(locale).select(count);
}

/** Translates `key` for `locale`, interpolating `{{name}}` from `vars`; `count` picks `key_one`/`key_other`. */
export function translate(locale: SupportedLocale, key: string, vars: Record<string, unknown> = {}): string {
  const s = state();
  // i18next takes 80–250 µs a call and an element renders a few dozen strings each time: the same
  // locale, key and values give the same text until the strings change (`watch`, `registerStrings`).
  if (s.i18next && (s.watched?.instance !== s.i18next || s.watched.store !== s.i18next.store)) watch(s);
  const memoised = !s.i18next || s.watched ? memoKey(locale, key, vars) : undefined;
  if (memoised === undefined) return translateNow(s, locale, key, vars);
  s.memo ??= new Map();
  let text = s.memo.get(memoised);
  if (text === undefined) {
    if (s.memo.size >= MEMO_LIMIT) s.memo.clear();
    text = translateNow(s, locale, key, vars);
    s.memo.set(memoised, text);
  }
  return text;
}

function translateNow(
  s: TranslatorState,
  locale: SupportedLocale,
  key: string,
  vars: Record<string, unknown>,
): string {
  if (s.i18next) {
    // Lit escapes what it renders: values go in unescaped. A per-call `interpolation` option makes
    // i18next rebuild its interpolator on every call (3× the cost), so pass it only when needed.
    const escapes = s.i18next.options?.interpolation?.escapeValue !== false;
    return s.i18next.t(key, {
      ...vars,
      lng: locale,
      ns: NAMESPACE,
      ...(escapes ? { interpolation: { escapeValue: false } } : {}),
    });
  }
  // As i18next resolves: each locale in turn (the page's, then the fallback), and within one locale
  // the plural forms before the plain key, so a locale's own `key` wins over another's `key_other`.
  const count = vars.count;
  let template: string | undefined;
  for (const code of locale === FALLBACK_LOCALE ? [locale] : [locale, FALLBACK_LOCALE]) {
    const table = s.resources.get(code);
    const candidates =
      typeof count === 'number'
        ? [...(count === 0 ? [`${key}_zero`] : []), `${key}_${pluralKey(code, count)}`, key]
        : [key];
    for (const candidate of candidates) {
      template = lookup(table, candidate);
      if (template !== undefined) break;
    }
    if (template !== undefined) break;
  }
  if (template === undefined) return key;
  // A value not given leaves its placeholder, as i18next does: a missing variable shows, not a gap.
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (placeholder, name: string) => {
    const value = own(vars, name);
    return value === undefined ? placeholder : String(value ?? '');
  });
}
