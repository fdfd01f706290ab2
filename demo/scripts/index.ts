/**
 * The index page: links every scenario, and lets a person start the scenarios over in this browser
 * (forget accepted versions, cookie choices and the demo's page state; the device key stays, so the
 * receipts that follow continue the same chain).
 */
import { showStatus } from './page.js';

function clearCookies(): void {
  for (const pair of document.cookie.split(';')) {
    const name = pair.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; path=/; max-age=0; SameSite=Lax`;
  }
}

document.getElementById('reset-demo')?.addEventListener('click', () => {
  localStorage.clear();
  sessionStorage.clear();
  clearCookies();
  showStatus('reset-status', document.getElementById('reset-done')?.textContent?.trim() ?? '');
});
