/** The locales Assent ships strings for. Anything else falls back to the nearest of these. */
export const SUPPORTED_LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
export const FALLBACK_LOCALE: SupportedLocale = 'en';

/** Maps any BCP 47 tag to a shipped locale: zh-Hant/zh-HK/zh-MO -> zh-TW, other zh -> zh-CN, else en. */
export function normalizeLocale(tag: string | null | undefined): SupportedLocale {
  const lower = (tag ?? '').trim().toLowerCase().replace(/_/g, '-');
  if (!lower) return FALLBACK_LOCALE;
  if (lower.startsWith('zh')) {
    return /(^|-)(hant|tw|hk|mo)(-|$)/.test(lower) ? 'zh-TW' : 'zh-CN';
  }
  return 'en';
}

/**
 * The language an element speaks: its own `lang`, the nearest ancestor's (crossing shadow roots),
 * the page's, then the browser's.
 */
export function resolveLocale(element: Element): SupportedLocale {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang') && node.getAttribute('lang')) {
      return normalizeLocale(node.getAttribute('lang'));
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return normalizeLocale(typeof navigator !== 'undefined' ? navigator.language : undefined);
}
