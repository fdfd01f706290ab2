/**
 * What every demo page does first: pick the page language (`?lang=en`, default zh-CN), point the
 * `<policy-document>`s at the files of that language (`data-src-en`), then load the library, so the
 * elements start with the right texts and strings.
 */

export type DemoLanguage = 'zh-CN' | 'en';

export function pageLanguage(): DemoLanguage {
  const wanted = new URLSearchParams(location.search).get('lang');
  return wanted && wanted.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** Sets `<html lang>` and swaps language-specific attributes (`data-src-en`, `data-title-en`, ...). */
export function applyLanguage(language: DemoLanguage = pageLanguage()): DemoLanguage {
  document.documentElement.lang = language;
  if (language === 'en') {
    for (const element of document.querySelectorAll<HTMLElement>(
      '[data-src-en], [data-title-en], [data-version-en]',
    )) {
      for (const name of ['src', 'title', 'version'] as const) {
        const value = element.getAttribute(`data-${name}-en`);
        if (value !== null) element.setAttribute(name, value);
      }
    }
    // Keep the language when moving between demo pages.
    for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-keep-lang]')) {
      const url = new URL(link.href, location.href);
      url.searchParams.set('lang', 'en');
      link.href = url.pathname + url.search + url.hash;
    }
  }
  return language;
}

/** Loads every Assent element (the library as the pages use it: `src/index.ts`). */
export async function loadAssent(): Promise<void> {
  await import('../../src/index.js');
}

/** Shows `message` in the status element `id` (a live region in the page). */
export function showStatus(id: string, message: string, kind: 'ok' | 'error' = 'ok'): void {
  const status = document.getElementById(id);
  if (!status) return;
  status.classList.toggle('error', kind === 'error');
  status.textContent = message;
}

/** The page text for the current language, taken from an element holding `data-l` children. */
export function pageText(id: string): string {
  const holder = document.getElementById(id);
  if (!holder) return '';
  const language = document.documentElement.lang.startsWith('en') ? 'en' : 'zh';
  return (
    holder.querySelector(`[data-l="${language}"]`)?.textContent?.trim() ?? holder.textContent?.trim() ?? ''
  );
}
