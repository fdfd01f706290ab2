import { expect, html } from '@open-wc/testing';
import '../../src/elements/consent-history/consent-history.define.js';
import type { ConsentHistory } from '../../src/elements/consent-history/consent-history.js';
import { agreementStore } from '../../src/consent/agreements.js';
import {
  HISTORY_STORAGE_KEY,
  clearHistory,
  decisionHistory,
  parseHistory,
} from '../../src/consent/history.js';
import { withdrawDecision } from '../../src/consent/agreement-decision.js';
import { configure } from '../../src/delivery/index.js';
import {
  recordDecision,
  resetConfig,
  ReceiptError,
  type DecisionInput,
  type ReceiptPayload,
} from '../../src/consent/index.js';
import { consent } from '../../src/cookies/index.js';
import { validateReceiptPayload } from '../../src/verify/index.js';
import { expectAccessible } from '../support/a11y.js';
import { mount, resetAll, siteConfig } from '../cookies/helpers.js';
import { until } from '../support/wait.js';

/** What the host's backend got: the signed payloads, in order. */
const sent: ReceiptPayload[] = [];
/** While set, the fake backend acknowledges nothing (receipts stay in the outbox). */
let backendDown = false;

const NOT_READ = { reachedEnd: true, dwellMs: 1000, keyClausesSeen: 1, keyClausesTotal: 1 };
const agreement: DecisionInput = {
  type: 'agreement',
  decision: 'accepted',
  locale: 'en',
  documents: [
    { id: 'h-terms', version: '2026-10', title: 'Terms of Use', sha256: 'a'.repeat(64), read: NOT_READ },
    { id: 'h-privacy', version: '2026-11', title: 'Privacy Policy', sha256: 'b'.repeat(64), read: NOT_READ },
  ],
  method: { element: 'api', action: 'accept', label: 'Accept' },
};
const crossBorder: DecisionInput = {
  type: 'separate',
  decision: 'accepted',
  locale: 'en',
  purposes: { 'cross-border': true },
  method: { element: 'api', action: 'check', label: 'I agree' },
  actor: 'guardian',
  validUntil: new Date(Date.now() + 86_400_000),
};

function q<T extends Element = HTMLElement>(element: ConsentHistory, selector: string): T[] {
  return [...element.shadowRoot!.querySelectorAll<T>(selector)];
}

function entryTexts(element: ConsentHistory): string[] {
  return q(element, '[part~="entry"]').map((entry) => entry.textContent!.replace(/\s+/g, ' ').trim());
}

async function settled(element: ConsentHistory): Promise<void> {
  await element.ready;
  await element.updateComplete;
}

describe('<consent-history>', function () {
  this.timeout(30_000);
  before(() => {
    configure({
      storageName: 'assent-history-test',
      transport: (_jws, receipt) => {
        if (backendDown) return false;
        sent.push(receipt);
        return true;
      },
      maxAttempts: 1,
    });
  });
  after(() => resetConfig());
  beforeEach(() => {
    resetAll();
    clearHistory();
    agreementStore().clear();
    sent.length = 0;
    backendDown = false;
    document.documentElement.lang = 'en';
    document.querySelectorAll('consent-history').forEach((element) => element.remove());
  });

  it('says so when nothing was recorded, and is accessible empty', async () => {
    const element = await mount<ConsentHistory>(html`<consent-history></consent-history>`);
    await settled(element);
    expect(element.shadowRoot!.textContent).to.contain('No consent has been recorded in this browser yet.');
    await expectAccessible(element, 'empty');
  });

  it('lists agreements with titles and versions, separate consents with actor and validity, newest first', async () => {
    await recordDecision(agreement);
    await recordDecision(crossBorder);
    const element = await mount<ConsentHistory>(html`<consent-history></consent-history>`);
    await settled(element);
    const [first, second] = entryTexts(element);
    expect(first).to.contain('Transferring personal information abroad');
    expect(first).to.contain('A parent or guardian');
    expect(first).to.match(/Valid until/);
    expect(second).to.contain('Terms of Use (version 2026-10)');
    expect(second).to.contain('Privacy Policy (version 2026-11)');
    expect(second).to.contain('Until withdrawn');
    await until('both receipts are delivered', () => sent.length === 2);
    // The list refreshes on `receipt-delivered`, after the outbox let the receipts go: wait for it.
    await until('both entries show they were delivered', () =>
      entryTexts(element).every((text) => text.includes('Delivered')),
    );
    await expectAccessible(element, 'listed');
  });

  it('shows a receipt the backend has not acknowledged as waiting', async () => {
    backendDown = true;
    await recordDecision({ ...agreement, documents: agreement.documents!.slice(0, 1) });
    const element = await mount<ConsentHistory>(html`<consent-history></consent-history>`);
    await settled(element);
    expect(entryTexts(element)[0]).to.match(/Waiting to be sent|Not delivered yet/);
    expect(entryTexts(element)[0]).not.to.contain('Delivered');
    backendDown = false;
    const { retryDelivery } = await import('../../src/delivery/index.js');
    await retryDelivery();
    await until('the receipt is delivered after all', () => sent.length === 1);
    await until('the list follows the delivery', () => entryTexts(element)[0].includes('Delivered'));
  });

  it('withdraws an agreement in one step: a signed withdrawn receipt by consent-history, the acceptance forgotten', async () => {
    const accepted = await recordDecision(agreement);
    agreementStore().recordAcceptance(
      agreement.documents!.map(({ id, version, sha256 }) => ({
        id,
        version,
        sha256,
        receiptId: accepted.id,
      })),
    );
    const element = await mount<ConsentHistory>(html`<consent-history lang="zh-CN"></consent-history>`);
    await settled(element);
    const [button] = q<HTMLButtonElement>(element, '[part~="withdraw"]');
    expect(button.getAttribute('aria-label')).to.equal(
      '撤回同意：《Terms of Use》（版本 2026-10）和《Privacy Policy》（版本 2026-11）',
    );
    button.click();
    await until('the withdrawal is sent', () => sent.some((receipt) => receipt.decision === 'withdrawn'));
    const withdrawal = sent.find((receipt) => receipt.decision === 'withdrawn')!;
    expect(withdrawal.method).to.deep.equal({
      element: 'consent-history',
      action: 'withdraw',
      label: '撤回同意',
    });
    expect(withdrawal.documents.map((doc) => [doc.id, doc.version, doc.sha256])).to.deep.equal(
      agreement.documents!.map((doc) => [doc.id, doc.version, doc.sha256]),
    );
    expect(validateReceiptPayload(withdrawal)).to.deep.equal([]);
    expect(agreementStore().isAccepted([{ id: 'h-terms', version: '2026-10' }])).to.equal(false);
    await settled(element);
    expect(q(element, '[part~="withdraw"]')).to.have.length(0, 'nothing left to withdraw');
    expect(q(element, '[part~="status"]')[0].textContent).to.contain('已撤回');
    expect(entryTexts(element)[0]).to.contain('已撤回');
    expect(entryTexts(element)[1]).to.contain('已被之后的选择取代');
    await expectAccessible(element, 'after withdrawal');
  });

  it('withdraws a separate consent as the same actor and records the refusal for its purpose', async () => {
    await recordDecision(crossBorder);
    const element = await mount<ConsentHistory>(html`<consent-history></consent-history>`);
    await settled(element);
    q<HTMLButtonElement>(element, '[part~="withdraw"]')[0].click();
    await until('the withdrawal is sent', () => sent.some((receipt) => receipt.decision === 'withdrawn'));
    const withdrawal = sent.find((receipt) => receipt.decision === 'withdrawn')!;
    expect(withdrawal.purposes).to.deep.equal({ 'cross-border': false });
    expect(withdrawal.actor).to.equal('guardian');
    expect(agreementStore().separate('cross-border')?.granted).to.equal(false);
  });

  it('shows an expired consent as expired and offers no withdrawal of it', async () => {
    await recordDecision({ ...crossBorder, validUntil: new Date(Date.now() + 400) });
    await new Promise((wake) => setTimeout(wake, 500));
    const element = await mount<ConsentHistory>(html`<consent-history></consent-history>`);
    await settled(element);
    expect(entryTexts(element)[0]).to.match(/Expired on .*asked again/);
    expect(q(element, '[part~="entry"]')[0].getAttribute('part')).to.contain('expired');
    expect(q(element, '[part~="withdraw"]')).to.have.length(0);
    await expectAccessible(element, 'expired');
  });

  it('withdraws cookie choices through the consent engine, with validUntil from expiryDays', async () => {
    consent.configure(siteConfig({ expiryDays: 30 }));
    await consent.acceptAll();
    await until('the cookie receipt is sent', () => sent.some((receipt) => receipt.type === 'cookie'));
    const cookieReceipt = sent.find((receipt) => receipt.type === 'cookie')!;
    const days = (Date.parse(cookieReceipt.validUntil!) - Date.parse(cookieReceipt.issuedAt)) / 86_400_000;
    expect(Math.round(days)).to.equal(30);
    const element = await mount<ConsentHistory>(html`<consent-history></consent-history>`);
    await settled(element);
    expect(entryTexts(element)[0]).to.contain('Allowed: Analytics');
    q<HTMLButtonElement>(element, '[part~="withdraw"]')[0].click();
    await until('the cookie withdrawal is sent', () =>
      sent.some((receipt) => receipt.type === 'cookie' && receipt.decision === 'withdrawn'),
    );
    const withdrawal = sent.find((receipt) => receipt.decision === 'withdrawn')!;
    expect(withdrawal.method.element).to.equal('consent-history');
    expect(consent.has('analytics')).to.equal(false);
  });

  it('refuses to withdraw what is not withdrawable', async () => {
    const declined = await recordDecision({ ...agreement, decision: 'declined' });
    let error: unknown;
    try {
      await withdrawDecision(declined.id, { label: 'x', locale: 'en' });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ReceiptError);
    expect(decisionHistory()[0].withdrawable).to.equal(false);
  });

  it('reads corrupt or hostile stored history as empty, keeping valid entries', () => {
    expect(parseHistory('{')).to.deep.equal([]);
    expect(parseHistory(JSON.stringify({ v: 2, entries: [] }))).to.deep.equal([]);
    const good = {
      id: 'x',
      type: 'separate',
      decision: 'accepted',
      issuedAt: '2026-01-01T00:00:00.000Z',
      locale: 'en',
      documents: [],
      purposes: { marketing: true },
      element: 'api',
      action: 'check',
      signed: true,
    };
    const raw = JSON.stringify({
      v: 1,
      entries: [
        good,
        { ...good, id: 'y', purposes: JSON.parse('{"__proto__": "x"}') as object },
        { ...good, id: 'z', issuedAt: 'soon' },
        null,
      ],
    });
    expect(parseHistory(raw).map((entry) => entry.id)).to.deep.equal(['x']);
    localStorage.setItem(HISTORY_STORAGE_KEY, '{"v":1,"entries":"nope"}');
    expect(decisionHistory()).to.deep.equal([]);
  });
});
