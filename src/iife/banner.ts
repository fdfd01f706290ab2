/**
 * The `<script>` build for the banner path only (global `Assent`): `<privacy-banner>`, `<cookie-manager>`,
 * the consent engine, receipts and delivery. Every visitor pays for these bytes, so it carries no
 * i18next (the built-in translator paints the bundled strings), no floating-ui, no document parser and no
 * agreement dialog: the full bundle (`assent.iife.js`, next to this file) loads when a person opens a
 * policy, or when the host calls `Assent.loadFull()`.
 */
import { consentEngine } from '../cookies/engine.js';
import { asScriptURL, learnPageNonce } from '../cookies/gating.js';
import { registerLoader } from '../cookies/on-demand.js';
import { resumeDeliveryWhenIdle } from '../delivery/resume.js';

export * from '../elements/privacy-banner/privacy-banner.define.js';
export * from '../elements/cookie-manager/cookie-manager.define.js';
export { consent, ConsentConfigError, validateConfig as validateCookieConfig } from '../cookies/index.js';
export { configure, retryDelivery, pendingReceipts } from '../delivery/index.js';
export { registerStrings, useI18next, translate } from '../i18n/translator.js';
export * from '../events/events.js';

type AssentNamespace = Record<string, unknown>;
const FULL_BUNDLE = 'assent.iife.js';

/**
 * Captured while this script runs: `document.currentScript` is only set during its first evaluation.
 * The full bundle is resolved next to it and inherits its nonce (strict CSP).
 */
const self = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;
const bundleUrl = self?.src ? new URL(FULL_BUNDLE, self.src).href : undefined;
const nonce = self?.nonce || undefined;
// Gated scripts must carry the same nonce as this one to be activated (injected markup does not).
learnPageNonce(nonce);

let loading: Promise<void> | undefined;

/** Loads the full bundle (agreement dialog, document parser, i18next) once; resolves when it ran. */
export function loadFull(): Promise<void> {
  loading ??= new Promise<void>((resolve, reject) => {
    if (!bundleUrl) {
      reject(
        new Error(
          `Assent.loadFull(): the banner script's own URL is unknown, so ${FULL_BUNDLE} cannot be found`,
        ),
      );
      return;
    }
    const before = (globalThis as { Assent?: AssentNamespace }).Assent;
    const script = document.createElement('script');
    if (nonce) script.nonce = nonce;
    script.src = asScriptURL(bundleUrl); // a TrustedScriptURL under `require-trusted-types-for 'script'`
    script.addEventListener('load', () => {
      // The full bundle assigns its own `var Assent`: keep what this bundle offered that it does not.
      const holder = globalThis as { Assent?: AssentNamespace };
      holder.Assent = { ...before, ...holder.Assent };
      resolve();
    });
    script.addEventListener('error', () => {
      loading = undefined;
      reject(new Error(`Assent.loadFull(): ${bundleUrl} could not be loaded`));
    });
    document.head.append(script);
  });
  return loading;
}

registerLoader('agreement-dialog', loadFull);

// A receipt made just before the person left a page may still sit in the outbox: resume its delivery
// once this page is idle, only for visitors who decided at some point.
if (typeof document !== 'undefined') resumeDeliveryWhenIdle(() => consentEngine().hasStoredChoice());
