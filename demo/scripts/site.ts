/**
 * /site.html: a content site. `<privacy-banner>` asks before anything non-essential runs; the gated
 * scripts at the end of the page (analytics, marketing, and one for "analytics refused") and the
 * embedded video wait for their category; the footer link reopens `<cookie-manager>`.
 */
import { applyLanguage, loadAssent } from './page.js';

applyLanguage();
await loadAssent();
