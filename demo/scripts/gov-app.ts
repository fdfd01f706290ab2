/**
 * /gov-app.html: a government service app. On first launch one dialog shows both documents as tabs
 * (「用户协议」「个人信息保护政策」) with their version dates; device permissions are purposes in an inline
 * `<cookie-manager>`, each with its purpose text; the operator console publishes a new policy version,
 * which brings the pop-up back with what changed.
 */
import { applyLanguage, loadAssent, pageText, showStatus } from './page.js';

const PUBLISHED_KEY = 'demo:gov-app:published';

/** Points the privacy policy at version 2 (kept for the session, so a reload shows the published version). */
function publishVersion2(): void {
  const privacy = document.getElementById('gov-privacy');
  if (!privacy) return;
  privacy.setAttribute('src', '/policies/gov-app/privacy-v2.zh-CN.txt');
  privacy.setAttribute('effective-date', '2026-12-01');
  privacy.setAttribute('change', 'major');
  privacy.setAttribute('version', '2026-12-01');
  (document.getElementById('publish-version') as HTMLButtonElement).disabled = true;
  sessionStorage.setItem(PUBLISHED_KEY, 'true');
}

applyLanguage();
if (sessionStorage.getItem(PUBLISHED_KEY)) publishVersion2();
await loadAssent();

interface AgreementDialogLike extends HTMLElement {
  readonly documentsReady: Promise<void>;
  readonly pendingUpdates: string[];
  readonly open: boolean;
  requestDecision(): Promise<{ decision: 'accepted' | 'declined' | 'dismissed' }>;
  isAccepted(ids?: readonly string[]): boolean;
}

const dialog = document.getElementById('gov-agreement') as AgreementDialogLike;
dialog.addEventListener('agreement-accept', () => showStatus('gov-status', pageText('gov-accepted')));
dialog.addEventListener('agreement-decline', () => showStatus('gov-status', pageText('gov-declined')));

document.getElementById('open-agreement')?.addEventListener('click', () => void dialog.requestDecision());

// A new version makes the dialog open by itself, in its "updated" form with the change summary.
document.getElementById('publish-version')?.addEventListener('click', async () => {
  publishVersion2();
  // Let the dialog see the new attributes and load the new text; if nobody here accepted the old
  // version there is no update to show, so ask for a decision on the new one directly.
  await new Promise((wake) => setTimeout(wake));
  await dialog.documentsReady;
  if (!dialog.open) void dialog.requestDecision();
});

// First launch (or versions this browser never accepted): ask before anything else.
await customElements.whenDefined('agreement-dialog');
await dialog.documentsReady;
if (dialog.isAccepted()) showStatus('gov-status', pageText('gov-accepted'));
else if (!dialog.pendingUpdates.length) void dialog.requestDecision();
