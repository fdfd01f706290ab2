// React 18 sets only attributes on custom elements and does not listen to their events: the typed
// components of `assent/react` (generated from the manifest with @lit/react) set properties and map
// `onAgreementAccept`, `onChange`… to the elements' events.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { configure, type CookieConfigInput } from 'assent';
import { AgreementDialog, ConsentCheckbox, PolicyDocument, PrivacyBanner } from 'assent/react';

configure({ endpoint: '/api/receipts' });

const bannerConfig: CookieConfigInput = {
  revision: '2026-11',
  categories: [{ id: 'necessary', necessary: true }, { id: 'analytics' }],
};

function SignUp() {
  const [agreed, setAgreed] = useState(false);
  const [receiptId, setReceiptId] = useState('');
  const [result, setResult] = useState('');
  return (
    <>
      <PrivacyBanner policyHref="/legal/privacy.md" config={bannerConfig} />
      <main>
        <h1>Create an account</h1>
        <AgreementDialog
          id="agreements"
          onAgreementAccept={(event) => setReceiptId(event.detail.receiptId ?? '')}
        >
          <PolicyDocument
            docId="terms"
            title="Terms of Service"
            version="2026-11-01"
            src="/legal/terms.md"
            format="markdown"
          />
          <PolicyDocument
            docId="privacy"
            title="Privacy Policy"
            version="2026-11-01"
            src="/legal/privacy.md"
            format="markdown"
          />
        </AgreementDialog>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setResult(`Signed up. Receipt ${receiptId}`);
          }}
        >
          <label>
            Phone <input name="phone" autoComplete="tel" required />
          </label>
          <ConsentCheckbox
            name="agree"
            required
            mustRead
            documents="terms privacy"
            dialog="agreements"
            onChange={(event) =>
              setAgreed((event.target as HTMLElementTagNameMap['consent-checkbox']).checked)
            }
          />
          <button>Sign up</button>
        </form>
        <p>
          Agreed: <output id="agreed">{agreed ? 'yes' : 'no'}</output>
        </p>
        <p id="result" role="status">
          {result}
        </p>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SignUp />
  </StrictMode>,
);
