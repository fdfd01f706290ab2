/**
 * Feeds the engine from an element's `config` property or its child `<script type="application/json">`.
 * When the element is upgraded while the parser is still inside it (the banner script in <head>), the
 * JSON is not there yet: it is watched until it parses, and a mistake is reported once parsing ends.
 */
import { reportError } from '../events/events.js';
import { ConsentConfigError, configFromElement } from './config.js';
import { consentEngine } from './engine.js';

/** Configures the engine from `element` as soon as it can; returns a function that stops watching. */
export function connectConfig(element: Element & { config?: unknown }): () => void {
  const attempt = (final: boolean): boolean => {
    let input: unknown;
    try {
      input = configFromElement(element);
    } catch (error) {
      // Possibly half-parsed JSON: only a mistake once the element is complete.
      if (final && error instanceof ConsentConfigError)
        reportError(error.code, error.message, element, error);
      return false;
    }
    if (input === undefined) return false;
    try {
      consentEngine().configure(input, element);
    } catch {
      // Reported by configure() as `assent-error` on the element.
    }
    return true;
  };
  if (attempt(document.readyState !== 'loading')) return () => {};
  if (document.readyState !== 'loading') return () => {};
  const observer = new MutationObserver(() => {
    if (attempt(false)) stop();
  });
  const onReady = () => {
    stop();
    attempt(true);
  };
  const stop = () => {
    observer.disconnect();
    document.removeEventListener('DOMContentLoaded', onReady);
  };
  observer.observe(element, { childList: true, subtree: true, characterData: true });
  document.addEventListener('DOMContentLoaded', onReady);
  return stop;
}
