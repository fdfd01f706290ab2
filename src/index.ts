/**
 * Assent: registers every element and exports the public API. Per-element entry points
 * (`assent/consent-checkbox.js`, ...) register one element each.
 */
export * from './elements/consent-checkbox/consent-checkbox.define.js';
export { registerStrings, useI18next, translate } from './i18n/translator.js';
export type { LocaleResources, StringTable, I18nextLike } from './i18n/translator.js';
export { normalizeLocale, SUPPORTED_LOCALES } from './i18n/locale.js';
export type { SupportedLocale } from './i18n/locale.js';
export * from './events/events.js';
