/**
 * /gov-app.html: a government service app. On first launch one dialog shows both documents as tabs
 * (「用户协议」「个人信息保护政策」) with their version dates; device permissions are purposes in an inline
 * `<cookie-manager>`, each with its purpose text; the operator console publishes a new policy version,
 * which brings the pop-up back with what changed.
 */
import { agreementStore } from '../../src/consent/agreements.js';
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
  requestDecision(): Promise<{ decision: 'accepted' | 'declined'; receipt?: string }>;
}

const dialog = document.getElementById('gov-agreement') as AgreementDialogLike;
const documents = Array.from(dialog.querySelectorAll('policy-document'));

function currentVersionsAccepted(): boolean {
  const refs = documents.map((doc) => ({
    id: doc.getAttribute('doc-id') ?? doc.id,
    version: doc.getAttribute('version') ?? '',
  }));
  return agreementStore().isAccepted(refs);
}

async function askForDecision(): Promise<void> {
  const { decision } = await dialog.requestDecision();
  showStatus('gov-status', pageText(decision === 'accepted' ? 'gov-accepted' : 'gov-declined'));
}

document.getElementById('open-agreement')?.addEventListener('click', () => void askForDecision());

document.getElementById('publish-version')?.addEventListener('click', () => {
  publishVersion2();
  void askForDecision();
});

// First launch (or a version this browser has not accepted yet): ask before anything else.
await customElements.whenDefined('agreement-dialog');
if (currentVersionsAccepted()) showStatus('gov-status', pageText('gov-accepted'));
else void askForDecision();
