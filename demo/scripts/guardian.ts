/**
 * /guardian.html: a children's learning app sign-up. The consent box asks for the learner's date of
 * birth first; under 14 the guardian reads the agreement and then the children's rules as a document
 * of its own (separate consent), and every receipt says `actor: "guardian"`. The optional cross-border
 * consent shows a PIPL art. 39 notice written from the recipient description in
 * /policies/xiaoxing/cross-border.*.json; refusing it does not block the sign-up.
 */
import { deciderFor } from '../../src/consent/guardian.js';
import type { CrossBorderRecipient } from '../../src/document/cross-border.js';
import { applyLanguage, loadAssent, pageText, showStatus } from './page.js';

const language = applyLanguage();
const notice = document.getElementById('xx-cross-border') as HTMLElement & {
  crossBorder?: CrossBorderRecipient;
};
const recipient = await fetch(`/policies/xiaoxing/cross-border.${language}.json`);
notice.crossBorder = (await recipient.json()) as CrossBorderRecipient;
await loadAssent();

const form = document.getElementById('guardian-form') as HTMLFormElement;

form.addEventListener('submit', (event) => {
  // A demo has no account backend: the browser's validation (the consent box included) already ran.
  event.preventDefault();
  const birthdate = (document.getElementById('birthdate') as HTMLInputElement).value;
  const guardian = deciderFor(birthdate) === 'guardian';
  showStatus('guardian-status', pageText(guardian ? 'guardian-done' : 'self-done'));
  form.dataset.submitted = 'true';
});
