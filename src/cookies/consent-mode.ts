/**
 * Google Consent Mode v2 bridge: `gtag('consent', 'default', …)` with every signal denied before any
 * gated tag can run, then `gtag('consent', 'update', …)` on every change.
 */
import { shared } from '../internal/global.js';
import { CONSENT_SIGNALS, type ConsentModeConfig, type ConsentSignal, type CookieConfig } from './config.js';

type Gtag = (...args: unknown[]) => void;
type ConsentValues = Partial<Record<ConsentSignal, 'granted' | 'denied'>>;

/** Which categories grant which signals when the host gives no map (matched by category id). */
const DEFAULT_MAP: Record<string, ConsentSignal[]> = {
  necessary: ['security_storage'],
  functional: ['functionality_storage'],
  preferences: ['functionality_storage', 'personalization_storage'],
  personalization: ['personalization_storage'],
  analytics: ['analytics_storage'],
  statistics: ['analytics_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
  advertising: ['ad_storage', 'ad_user_data', 'ad_personalization'],
  ads: ['ad_storage', 'ad_user_data', 'ad_personalization'],
};

/** The page's `gtag`, defined the way Google's snippet does when the host has not yet. */
function gtag(): Gtag {
  const w = globalThis as unknown as { dataLayer?: unknown[]; gtag?: Gtag };
  w.dataLayer = w.dataLayer ?? [];
  if (typeof w.gtag !== 'function') {
    const layer = w.dataLayer;
    // gtag.js reads `arguments` objects from the dataLayer, not arrays: keep the snippet's exact shape.
    w.gtag = function () {
      // eslint-disable-next-line prefer-rest-params
      layer.push(arguments);
    };
  }
  return w.gtag;
}

function defaults(mode: ConsentModeConfig): ConsentValues {
  const values: ConsentValues = {};
  for (const signal of CONSENT_SIGNALS) values[signal] = mode.defaults?.[signal] ?? 'denied';
  return values;
}

function sentState(): { defaultSent: boolean } {
  return shared('consent-mode', () => ({ defaultSent: false }));
}

/** Forgets that the default was sent (a new page view, in tests and SPA teardown). */
export function resetConsentMode(): void {
  sentState().defaultSent = false;
}

/** Sends the `default` once per page: a second configuration (API and element) must not reset tags already told. */
export function sendDefault(config: CookieConfig): void {
  const mode = config.consentMode;
  const sent = sentState();
  if (!mode || sent.defaultSent) return;
  sent.defaultSent = true;
  gtag()('consent', 'default', { ...defaults(mode), wait_for_update: mode.waitForUpdate ?? 500 });
}

/** Signals granted by the ids the person accepted; the rest fall back to their defaults. */
export function signalsFor(config: CookieConfig, granted: (id: string) => boolean): ConsentValues {
  const mode = config.consentMode!;
  const values = defaults(mode);
  const map = mode.map ?? DEFAULT_MAP;
  for (const [id, signals] of Object.entries(map)) {
    if (!granted(id)) continue;
    for (const signal of signals) values[signal] = 'granted';
  }
  return values;
}

export function sendUpdate(config: CookieConfig, granted: (id: string) => boolean): void {
  if (!config.consentMode) return;
  gtag()('consent', 'update', signalsFor(config, granted));
}
