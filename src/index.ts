/**
 * Assent: registers every element and exports the public API. Per-element entry points
 * (`assent/consent-checkbox.js`, ...) register one element each; `assent/document` and `assent/verify`
 * carry the parser and the verifier without any element.
 */
export * from './elements/agreement-dialog/agreement-dialog.define.js';
export * from './elements/consent-checkbox/consent-checkbox.define.js';
export * from './elements/policy-document/policy-document.define.js';
export * from './elements/privacy-banner/privacy-banner.define.js';
export * from './elements/cookie-manager/cookie-manager.define.js';
export * from './elements/consent-history/consent-history.define.js';

// Receipts and delivery.
export {
  getConfig,
  recordDecision,
  canSign,
  ReceiptError,
  decisionHistory,
  withdrawDecision,
} from './consent/index.js';
export {
  configure,
  startDelivery,
  retryDelivery,
  pendingReceipts,
  deliveryStates,
} from './delivery/index.js';
export type * from './receipt/types.js';
export { knownTreeHead, forgetTreeHead } from './delivery/index.js';
export type { TreeHeadRecord } from './delivery/index.js';

// Cookie and purpose consent.
export { consent, ConsentConfigError, validateConfig as validateCookieConfig } from './cookies/index.js';
export type { ConsentSnapshot, CookieConfig, CookieConfigInput } from './cookies/index.js';

// Policy documents.
export { parsePolicy, parsePolicyAsync, loadPolicy, PolicyDocumentError } from './document/index.js';
export type { PolicyDocument, DocumentFormat } from './document/index.js';

// Strings and events.
export { registerStrings, useI18next, translate } from './i18n/translator.js';
export type { LocaleResources, StringTable, I18nextLike } from './i18n/translator.js';
export { normalizeLocale, SUPPORTED_LOCALES } from './i18n/locale.js';
export type { SupportedLocale } from './i18n/locale.js';
export * from './events/events.js';
