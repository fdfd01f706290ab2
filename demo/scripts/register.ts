/**
 * /register.html: the sign-up form. Assent's `<consent-checkbox required must-read>` blocks the submit
 * until both documents were read and accepted in `<agreement-dialog>`; the page only fakes the SMS.
 */
import { applyLanguage, loadAssent, pageText, showStatus } from './page.js';

applyLanguage();
await loadAssent();

const form = document.getElementById('register-form') as HTMLFormElement;
let lastReceiptId: string | undefined;

document.addEventListener('agreement-accept', (event) => {
  lastReceiptId = event.detail.receiptId ?? lastReceiptId;
});

document.getElementById('send-code')?.addEventListener('click', () => {
  showStatus('sms-status', pageText('sms-sent'));
});

form.addEventListener('submit', (event) => {
  // A demo has no account backend: the browser's validation (the consent box included) already ran.
  event.preventDefault();
  const receipt = lastReceiptId ? ` (${lastReceiptId})` : '';
  showStatus('register-status', `${pageText('register-done')}${receipt}`);
  form.dataset.submitted = 'true';
});
