import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { resolveLocale, type SupportedLocale } from '../i18n/locale.js';
import { commonStrings } from '../i18n/resources/common.js';
import { onStringsChanged, registerStrings, translate, type LocaleResources } from '../i18n/translator.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Gives an element its strings in the language it sits in, and re-renders when that language
 * (its own `lang`, an ancestor's, the page's) or the host's strings change.
 */
export class LocalizeController implements ReactiveController {
  private readonly host: Host;
  private observer?: MutationObserver;
  private unsubscribe?: () => void;

  constructor(host: Host, resources: LocaleResources) {
    this.host = host;
    registerStrings(commonStrings);
    registerStrings(resources);
    host.addController(this);
  }

  get locale(): SupportedLocale {
    return resolveLocale(this.host);
  }

  /** The BCP 47 tag of the strings shown (goes into receipts). */
  get lang(): string {
    return this.locale;
  }

  t(key: string, vars?: Record<string, unknown>): string {
    return translate(this.locale, key, vars);
  }

  hostConnected(): void {
    this.observer = new MutationObserver(() => this.host.requestUpdate());
    // `lang` can change on the element or any ancestor; watching <html> and the element covers the usual cases.
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this.observer.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
    this.unsubscribe = onStringsChanged(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.unsubscribe?.();
  }
}
