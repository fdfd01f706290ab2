/**
 * A fresh page where `<agreement-dialog>` is not defined yet: the checkbox's script ran first (the
 * dialog's chunk loads later, or never). Also the first page where any receipt element connects, so
 * the outbox left by an earlier page load is still waiting.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { agreementStore } from '../../src/consent/agreements.js';
import { configure, resetConfig } from '../../src/consent/config.js';
import type { ReceiptPayload } from '../../src/receipt/types.js';
import { pendingReceipts } from '../../src/delivery/index.js';
import { getStorage } from '../../src/internal/store.js';
import '../../src/elements/consent-checkbox/consent-checkbox.define.js';
import type { ConsentCheckbox } from '../../src/elements/consent-checkbox/consent-checkbox.js';
import { expectAccessible } from '../support/a11y.js';
import { makeDoc, until } from './agreement-dialog-fixtures.js';

const terms = makeDoc({ id: 'terms', title: '用户协议', version: '2026-11-01' });

async function setup(dialogId: string) {
  const host = await fixture<HTMLDivElement>(
    html`<div lang="zh-CN">
      <agreement-dialog id="late" .documents=${[terms]}></agreement-dialog>
      <consent-checkbox documents="terms" dialog=${dialogId} must-read></consent-checkbox>
    </div>`,
  );
  const box = host.querySelector<ConsentCheckbox>('consent-checkbox')!;
  await box.updateComplete;
  const errors: string[] = [];
  host.addEventListener('assent-error', (event) => errors.push(event.detail.code));
  return { host, box, errors, input: box.shadowRoot!.querySelector<HTMLInputElement>('input')! };
}

describe('<consent-checkbox> before <agreement-dialog> is defined', () => {
  const sent: string[] = [];
  before(() => {
    agreementStore().clear();
    // Its own outbox: test files share one origin, and others leave receipts in the default one.
    configure({
      storageName: 'assent-test-late-dialog',
      transport: (_jws, payload) => (sent.push(payload.id), true),
    });
  });
  after(() => resetConfig());

  it('sends receipts an earlier page left in the outbox once the page is idle, without a new decision', async () => {
    const storage = await getStorage('assent-test-late-dialog');
    const id = 'left-by-an-earlier-page';
    await storage.add(
      {
        v: 1,
        id,
        jws: 'e30.e30.',
        payload: { id } as ReceiptPayload,
        signed: false,
        createdAt: Date.now() - 60_000,
        attempts: 0,
        nextAttemptAt: 0,
        parked: false,
      },
      500,
    );
    expect((await storage.list()).map((entry) => entry.id)).to.deep.equal([id]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent, 'nothing sends before an element connects').to.deep.equal([]);
    await setup('late');
    await until(() => sent.includes(id), 'the stored receipt was sent', 8000);
    let pending = 1;
    await until(
      () => (void pendingReceipts().then((list) => (pending = list.length)), pending === 0),
      'the outbox is empty',
      5000,
    );
  });

  it('reports invalid-config only after waiting a bounded time for the dialog to be defined', async function () {
    this.timeout(10_000);
    const { box, errors, input } = await setup('late');
    input.click();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(errors, 'still waiting for the definition').to.deep.equal([]);
    await until(() => errors.length > 0, 'the configuration error', 5000);
    expect(errors).to.deep.equal(['invalid-config']);
    expect(box.checked).to.equal(false);
  });

  it('opens the dialog once it is defined, when the click came first', async function () {
    this.timeout(10_000);
    const { host, box, errors, input } = await setup('late');
    input.click();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await import('../../src/elements/agreement-dialog/agreement-dialog.define.js');
    const dialog = host.querySelector('agreement-dialog')!;
    await until(() => dialog.open, 'the dialog opened for the click made before it was defined');
    expect(errors).to.deep.equal([]);
    expect(box.checked, 'ticked only by accepting').to.equal(false);
    await expectAccessible(dialog, 'opened late');
    await dialog.hide();
    expect(box.checked).to.equal(false);
  });
});
