/**
 * /service-list.html: a vendor service list (a document of tables). The operator publishes a new
 * version that takes effect 30 days from today; the dialog shows 「将于 … 生效」 and what changed, and
 * accepting it records a receipt for the new version.
 */
import { applyLanguage, loadAssent, pageText, showStatus } from './page.js';

const PUBLISHED_KEY = 'demo:service-list:published';
const EFFECTIVE_IN_DAYS = 30;

/** ISO date (YYYY-MM-DD) `days` from today. */
function isoDateIn(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function publishNewVersion(): void {
  const list = document.getElementById('service-list');
  if (!list) return;
  list.setAttribute('src', '/policies/service-list/service-list-v2.zh-CN.md');
  list.setAttribute('effective-date', sessionStorage.getItem(PUBLISHED_KEY) ?? isoDateIn(EFFECTIVE_IN_DAYS));
  list.setAttribute('change', 'major');
  list.setAttribute('version', '2027-01-01');
  sessionStorage.setItem(PUBLISHED_KEY, list.getAttribute('effective-date') ?? '');
  const version = document.getElementById('list-version');
  if (version) version.textContent = '2027-01-01';
  (document.getElementById('publish-list') as HTMLButtonElement).disabled = true;
}

applyLanguage();
if (sessionStorage.getItem(PUBLISHED_KEY)) publishNewVersion();
await loadAssent();

const dialog = document.getElementById('service-list-dialog') as HTMLElement & {
  readonly documentsReady: Promise<void>;
  readonly open: boolean;
  requestDecision(): Promise<{ decision: 'accepted' | 'declined' | 'dismissed' }>;
};
dialog.addEventListener('agreement-accept', () => showStatus('list-status', pageText('list-accepted')));
dialog.addEventListener('agreement-decline', () => showStatus('list-status', pageText('list-declined')));

document.getElementById('review-list')?.addEventListener('click', () => void dialog.requestDecision());
// Publishing changes the document's version: the dialog opens by itself with 「协议已更新」, what changed
// and 「将于 … 生效」 for the effective date 30 days ahead.
document.getElementById('publish-list')?.addEventListener('click', async () => {
  publishNewVersion();
  // Let the dialog see the new attributes and load the new text; if nobody here accepted the old
  // version there is no update to show, so ask for a decision on the new one directly.
  await new Promise((wake) => setTimeout(wake));
  await dialog.documentsReady;
  if (!dialog.open) void dialog.requestDecision();
});
