/**
 * /platform.html: a service platform's provider sign-up. The registration agreement and privacy policy
 * are one consent; the sensitive personal information (ID number, face image) is a separate consent
 * (PIPL 单独同意) with its own box, its own dialog and its own receipt.
 */
import { applyLanguage, loadAssent, pageText, showStatus } from './page.js';

applyLanguage();
await loadAssent();

const form = document.getElementById('platform-form') as HTMLFormElement;
form.addEventListener('submit', (event) => {
  event.preventDefault();
  showStatus('platform-status', pageText('platform-done'));
  form.dataset.submitted = 'true';
});
