/**
 * The second script of the banner path, `assent-banner-extras.iife.js`: what `assent-banner.iife.js`
 * loads after the first paint (signing, delivery, `<cookie-manager>`). It defines no global: it hands
 * its modules to the banner script's lazy import points (src/internal/extras.ts).
 */
import * as record from '../consent/record.js';
import * as courier from '../delivery/courier.js';
import * as delivery from '../delivery/index.js';
import '../elements/cookie-manager/cookie-manager.define.js';
import { provideExtras } from '../internal/extras.js';

provideExtras({ record, courier, delivery, 'cookie-manager': true });
