/**
 * The `<script>` build for the banner path (global `Assent`). Every visitor pays for these bytes, so it
 * holds only what paints the banner and applies a decision: `<privacy-banner>`, the consent engine, the
 * banner's strings and Lit. It carries no i18next (the built-in translator paints the bundled strings),
 * no floating-ui, no document parser and no agreement dialog. What comes later loads next to this file,
 * with its nonce:
 * - `assent-banner-extras.iife.js` (signing, delivery, `<cookie-manager>`) after the first choice, on
 *   "Customise", at idle when an earlier page left receipts to send, or on `Assent.loadExtras()`;
 * - `assent.iife.js` (everything) when a person opens a policy, or on `Assent.loadFull()`.
 */
import type { ConfigOptions, ConfigProblem } from '../consent/config.js';
import { consentEngine } from '../cookies/engine.js';
import { asScriptURL, learnPageNonce } from '../cookies/gating.js';
import { ensureDefined, registerLoader } from '../cookies/on-demand.js';
import type { OutboxEntry } from '../delivery/index.js';
import { resumeDeliveryWhenIdle } from '../delivery/resume.js';
import { extrasModule, setExtrasLoader } from '../internal/extras.js';

export * from '../elements/privacy-banner/privacy-banner.define.js';
export { consent, ConsentConfigError, validateConfig as validateCookieConfig } from '../cookies/index.js';
export { configure } from '../consent/config.js';
export { registerStrings, useI18next, translate } from '../i18n/translator.js';
export * from '../events/events.js';

type AssentNamespace = Record<string, unknown>;
type DeliveryModule = typeof import('../delivery/index.js');
const FULL_BUNDLE = 'assent.iife.js';
const EXTRAS_BUNDLE = 'assent-banner-extras.iife.js';

/**
 * Captured while this script runs: `document.currentScript` is only set during its first evaluation.
 * The other scripts are resolved next to it and inherit its nonce (strict CSP).
 */
const self = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;
const nonce = self?.nonce || undefined;
// Gated scripts must carry the same nonce as this one to be activated (injected markup does not).
learnPageNonce(nonce);

/** Runs the script `file` next to this one once; resolves when it ran. */
function scriptLoader(
  file: string,
  caller: string,
  ran: (before: AssentNamespace | undefined) => void = () => undefined,
): () => Promise<void> {
  let loading: Promise<void> | undefined;
  return () =>
    (loading ??= new Promise<void>((resolve, reject) => {
      if (!self?.src) {
        loading = undefined;
        reject(new Error(`${caller}: the banner script's own URL is unknown, so ${file} cannot be found`));
        return;
      }
      const url = new URL(file, self.src).href;
      const before = (globalThis as { Assent?: AssentNamespace }).Assent;
      const script = document.createElement('script');
      if (nonce) script.nonce = nonce;
      script.src = asScriptURL(url); // a TrustedScriptURL under `require-trusted-types-for 'script'`
      script.addEventListener('load', () => {
        ran(before);
        resolve();
      });
      script.addEventListener('error', () => {
        loading = undefined;
        script.remove();
        reject(new Error(`${caller}: ${url} could not be loaded`));
      });
      document.head.append(script);
    }));
}

/** Loads the full bundle (agreement dialog, document parser, i18next) once; resolves when it ran. */
export const loadFull: () => Promise<void> = scriptLoader(FULL_BUNDLE, 'Assent.loadFull()', (before) => {
  // The full bundle assigns its own `var Assent`: keep what this bundle offered that it does not.
  const holder = globalThis as { Assent?: AssentNamespace };
  holder.Assent = { ...before, ...holder.Assent };
});

/** Loads signing, delivery and `<cookie-manager>` once (otherwise they load when first needed). */
export const loadExtras: () => Promise<void> = scriptLoader(EXTRAS_BUNDLE, 'Assent.loadExtras()');

/** Gives receipts whose attempts were used up a new round now (loads delivery first). */
export async function retryDelivery(options: { logInconsistent?: boolean } = {}): Promise<void> {
  return (await extrasModule<DeliveryModule>('delivery')).retryDelivery(options);
}

/** Receipts still waiting for the backend's acknowledgement, oldest first (loads delivery first). */
export async function pendingReceipts(): Promise<OutboxEntry[]> {
  return (await extrasModule<DeliveryModule>('delivery')).pendingReceipts();
}

export type { ConfigOptions, ConfigProblem };

setExtrasLoader(loadExtras);
registerLoader('agreement-dialog', loadFull);

if (typeof document !== 'undefined') {
  // A receipt made just before the person left a page may still sit in the outbox: resume its delivery
  // once this page is idle, only for visitors who decided at some point.
  resumeDeliveryWhenIdle(() => consentEngine().hasStoredChoice());
  // A `<cookie-manager>` written into the page (a settings page) is upgraded once the page is parsed.
  const upgradeManagers = () => {
    if (document.querySelector('cookie-manager')) void ensureDefined('cookie-manager');
  };
  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', upgradeManagers, { once: true });
  else upgradeManagers();
}
