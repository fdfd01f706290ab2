import { defineElement } from '../../internal/define.js';
import { PrivacyBanner } from './privacy-banner.js';
// "Customise" opens the cookie manager, so the banner brings it along.
import '../cookie-manager/cookie-manager.define.js';

export { PrivacyBanner };
export type { BannerPosition } from './privacy-banner.js';
defineElement('privacy-banner', PrivacyBanner);

declare global {
  interface HTMLElementTagNameMap {
    'privacy-banner': PrivacyBanner;
  }
}
