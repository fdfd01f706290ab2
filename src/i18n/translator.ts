import { shared } from '../internal/global.js';
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
}

export const NAMESPACE = 'assent';

interface TranslatorState {
  resources: Map<SupportedLocale, StringTable>;
  i18next: I18nextLike | undefined;
  registered: Set<LocaleResources>;
  listeners: Set<() => void>;
}

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

function deepMerge(target: StringTable, source: StringTable): StringTable {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] =
      typeof value === 'object' && typeof existing === 'object' ? deepMerge(existing, value) : value;
  }
  return target;
}

/** Adds a table of strings (bundled or the host's overrides) for every locale it covers. */
export function registerStrings(resources: Partial<LocaleResources>, overwrite = false): void {
  const s = state();
  if (!overwrite && s.registered.has(resources as LocaleResources)) return;
  s.registered.add(resources as LocaleResources);
  for (const [locale, table] of Object.entries(resources) as [SupportedLocale, StringTable][]) {
    const current = s.resources.get(locale) ?? {};
    s.resources.set(locale, deepMerge(current, structuredClone(table)));
    s.i18next?.addResourceBundle(locale, NAMESPACE, table, true, overwrite);
  }
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
  notify();
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
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function pluralKey(locale: SupportedLocale, count: number): string {
  return new Intl.PluralRules(locale).select(count);
}

/** Translates `key` for `locale`, interpolating `{{name}}` from `vars`; `count` picks `key_one`/`key_other`. */
export function translate(locale: SupportedLocale, key: string, vars: Record<string, unknown> = {}): string {
  const s = state();
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
  const candidates =
    typeof vars.count === 'number' ? [`${key}_${pluralKey(locale, vars.count)}`, `${key}_other`, key] : [key];
  let template: string | undefined;
  for (const candidate of candidates) {
    template =
      lookup(s.resources.get(locale), candidate) ?? lookup(s.resources.get(FALLBACK_LOCALE), candidate);
    if (template !== undefined) break;
  }
  if (template === undefined) return key;
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => String(vars[name] ?? ''));
}
