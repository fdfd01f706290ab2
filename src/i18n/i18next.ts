import i18next from 'i18next';
import { SUPPORTED_LOCALES, FALLBACK_LOCALE } from './locale.js';
import { NAMESPACE, useI18next } from './translator.js';

/**
 * Gives the `<script>` build an i18next instance of its own (ESM users pass theirs to `useI18next`,
 * so a page never carries two copies). Resources are inline, so it initialises synchronously.
 */
export function installOwnI18next(): void {
  const instance = i18next.createInstance();
  void instance.init(ownI18nextOptions());
  useI18next(instance);
}

/** How the `<script>` build's own instance is set up (the translator tests compare against it). */
export function ownI18nextOptions() {
  return {
    initAsync: false,
    fallbackLng: FALLBACK_LOCALE,
    supportedLngs: [...SUPPORTED_LOCALES],
    ns: [NAMESPACE],
    defaultNS: NAMESPACE,
    resources: {},
    interpolation: { escapeValue: false },
  };
}
