/**
 * Policy documents: plain text, Markdown or HTML in, a sanitised, structured, hashable
 * `PolicyDocument` out. The only module of the library that fetches documents is `./loader.ts`.
 */
export * from './model.js';
export { PolicyDocumentError, type PolicyDocumentErrorCode } from './errors.js';
export {
  canonicalText,
  headingText,
  headingSeparator,
  joinHeading,
  inlineText,
  normalizeSource,
  sha256Hex,
  codePointLength,
} from './canonical.js';
export { parsePolicy, parsePolicyAsync, guessFormat, DEFAULT_MAX_CHARS, type ParseOptions } from './parse.js';
export { useDocumentWindow, safeHref } from './sanitize.js';
export { slugify } from './finalize.js';
export { loadPolicy, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, type LoadOptions } from './loader.js';
export {
  crossBorderNotice,
  checkRecipient,
  type CrossBorderRecipient,
  type CrossBorderLabels,
} from './cross-border.js';
