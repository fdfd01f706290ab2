import { defineElement } from '../../internal/define.js';
import { CookieManager, installManagerOpener } from './cookie-manager.js';

export { CookieManager };
defineElement('cookie-manager', CookieManager);
// `data-assent-open="cookie-manager"`, the banner's "customise" and `consent.show()` open it.
installManagerOpener();

declare global {
  interface HTMLElementTagNameMap {
    'cookie-manager': CookieManager;
  }
}
