import { registerLoader } from '../../cookies/on-demand.js';
import { defineElement } from '../../internal/define.js';
import { SCRIPT_EXTRAS, extrasModule } from '../../internal/extras.js';
import { PrivacyBanner } from './privacy-banner.js';

export { PrivacyBanner };
export type { BannerPosition } from './privacy-banner.js';
defineElement('privacy-banner', PrivacyBanner);
// "Customise" opens the cookie manager: it loads then, off the banner's first paint.
registerLoader('cookie-manager', () =>
  SCRIPT_EXTRAS
    ? extrasModule('cookie-manager').then(() => undefined)
    : import('../cookie-manager/cookie-manager.define.js').then(() => undefined),
);

declare global {
  interface HTMLElementTagNameMap {
    'privacy-banner': PrivacyBanner;
  }
}
