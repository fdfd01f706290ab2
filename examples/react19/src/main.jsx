// React 19 renders custom elements as they are: props that are element properties (`config`,
// `required`, `documents`) are set as properties, the others as attributes, and `on<event-name>`
// props listen to the element's events.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { configure } from 'assent';

configure({ endpoint: '/api/receipts' });

const bannerConfig = {
  revision: '2026-11',
  categories: [{ id: 'necessary', necessary: true }, { id: 'analytics' }],
};

function SignUp() {
  const [agreed, setAgreed] = useState(false);
  const [receiptId, setReceiptId] = useState('');
  const [result, setResult] = useState('');
  return (
    <>
      <privacy-banner policy-href="/legal/privacy.md" config={bannerConfig} />
      <main>
        <h1>Create an account</h1>
        <agreement-dialog
          id="agreements"
          onagreement-accept={(event) => setReceiptId(event.detail.receiptId ?? '')}
        >
          <policy-document
            doc-id="terms"
            title="Terms of Service"
            version="2026-11-01"
            src="/legal/terms.md"
            format="markdown"
          />
          <policy-document
            doc-id="privacy"
            title="Privacy Policy"
            version="2026-11-01"
            src="/legal/privacy.md"
            format="markdown"
          />
        </agreement-dialog>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setResult(`Signed up. Receipt ${receiptId}`);
          }}
        >
          <label>
            Phone <input name="phone" autoComplete="tel" required />
          </label>
          <consent-checkbox
            name="agree"
            required
            must-read=""
            documents="terms privacy"
            dialog="agreements"
            onchange={(event) => setAgreed(event.currentTarget.checked)}
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

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <SignUp />
  </StrictMode>,
);
