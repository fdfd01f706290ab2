/**
 * /privacy-center.html: `<consent-history>` lists what this browser decided on the other demo pages
 * (the sign-up agreement, the journal's cookie choices, separate consents, the guardian's consent) and
 * withdraws any of it in one step. The journal's cookie configuration is loaded so that its choices
 * can be changed and withdrawn here too.
 */
import { journalCookieConfig } from './journal-config.js';
import { applyLanguage, loadAssent } from './page.js';

applyLanguage();
await loadAssent();

const manager = document.getElementById('cookie-manager') as HTMLElement & { config?: unknown };
manager.config = journalCookieConfig;
