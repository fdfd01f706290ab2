import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { isScrollLocked, lockScroll, openModalCount, pushModal, topModal } from '../../src/internal/modal.js';

describe('internal/modal: shared scroll lock and Escape stack', () => {
  it('locks scrolling once for any number of holders and restores the page style after the last', () => {
    const root = document.documentElement;
    root.style.overflow = 'auto';
    const first = lockScroll();
    const second = lockScroll();
    expect(isScrollLocked()).to.equal(true);
    expect(root.style.overflow).to.equal('hidden');
    first();
    first(); // a second call of the same unlock must not release someone else's share
    expect(root.style.overflow).to.equal('hidden');
    second();
    expect(isScrollLocked()).to.equal(false);
    expect(root.style.overflow).to.equal('auto');
    root.style.overflow = '';
  });

  it('sends Escape to the topmost modal only, once per press, then to the one below', async () => {
    const host = await fixture<HTMLDivElement>(
      html`<div><button id="a">a</button><button id="b">b</button></div>`,
    );
    const [a, b] = host.querySelectorAll('button');
    const calls: string[] = [];
    const outer = pushModal({ owner: a, onEscape: () => calls.push('outer') });
    const inner = pushModal({ owner: b, onEscape: () => calls.push('inner') });
    expect(openModalCount()).to.equal(2);
    expect(topModal()).to.equal(b);
    // A browser that still sends `cancel` for the same press (in the same task): swallowed, not handled twice.
    const cancel = new Event('cancel', { cancelable: true });
    const lateCancel = () => inner.handleCancel(cancel);
    document.addEventListener('keydown', lateCancel, { once: true });
    b.focus();
    await sendKeys({ press: 'Escape' });
    expect(calls).to.deep.equal(['inner']);
    expect(cancel.defaultPrevented).to.equal(true);
    inner.release();
    await sendKeys({ press: 'Escape' });
    expect(calls).to.deep.equal(['inner', 'outer']);
    outer.release();
    outer.release();
    expect(openModalCount()).to.equal(0);
    expect(isScrollLocked()).to.equal(false);
    await sendKeys({ press: 'Escape' });
    expect(calls).to.have.length(2);
  });

  it('routes a cancel event that arrives without a keydown to the top modal, never to one below it', async () => {
    const host = await fixture<HTMLDivElement>(html`<div><span id="a"></span><span id="b"></span></div>`);
    const [a, b] = host.querySelectorAll('span');
    const calls: string[] = [];
    const outer = pushModal({ owner: a, onEscape: () => calls.push('outer') });
    const inner = pushModal({ owner: b, onEscape: () => calls.push('inner') });
    outer.handleCancel(new Event('cancel', { cancelable: true }));
    expect(calls).to.deep.equal([]);
    inner.handleCancel(new Event('cancel', { cancelable: true }));
    expect(calls).to.deep.equal(['inner']);
    inner.release();
    outer.release();
  });

  it('lets a control that handles Escape itself keep it', async () => {
    const host = await fixture<HTMLInputElement>(html`<input aria-label="x" />`);
    host.addEventListener('keydown', (event) => event.key === 'Escape' && event.preventDefault());
    let called = 0;
    const modal = pushModal({ owner: host, onEscape: () => called++ });
    host.focus();
    await sendKeys({ press: 'Escape' });
    expect(called).to.equal(0);
    modal.release();
  });
});
