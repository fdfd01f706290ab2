/** The `<script>` build with every element (global `Assent`); strings go through its own i18next. */
import { learnPageNonce } from '../cookies/gating.js';
import { installOwnI18next } from '../i18n/i18next.js';

export * from '../index.js';

installOwnI18next();
// Gated scripts must carry this script's nonce to be activated (injected markup does not).
if (typeof document !== 'undefined')
  learnPageNonce((document.currentScript as HTMLScriptElement | null)?.nonce);
