import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/agreement-dialog/agreement-dialog.define.js';
import { captureReceipts, frames, makeDoc, until } from './agreement-dialog-fixtures.js';

/**
 * Over 60,000 characters: rendered in chunks with `content-visibility: auto`, the first screenful at
 * once and the rest in slices at idle time.
 */
const long = () =>
  makeDoc({ id: 'long', title: '长协议', version: '1', sections: 400, paragraphs: 1, keyIn: [2, 200, 400] });

async function openLong() {
  const host = await fixture<HTMLDivElement>(
    html`<div lang="zh-CN"><agreement-dialog .documents=${[long()]}></agreement-dialog></div>`,
  );
  const dialog = host.querySelector('agreement-dialog')!;
  await dialog.updateComplete;
  await dialog.show();
  await frames();
  const part = <T extends Element = HTMLElement>(selector: string) =>
    dialog.shadowRoot!.querySelector<T>(selector)!;
  return { dialog, part, body: part('[data-body="long"]') };
}

/**
 * Holds the page's idle callbacks (where the dialog builds the rest of a long text) until `release()`,
 * so a test sees the text half-built for as long as it needs; restored after each test.
 */
let restoreIdle: (() => void) | undefined;
function holdIdle(): { release(): void } {
  const request = window.requestIdleCallback;
  const cancel = window.cancelIdleCallback;
  const held = new Map<number, IdleRequestCallback>();
  let next = 0;
  window.requestIdleCallback = (callback) => {
    held.set(++next, callback);
    return next;
  };
  window.cancelIdleCallback = (handle) => held.delete(handle);
  restoreIdle = () => {
    window.requestIdleCallback = request;
    window.cancelIdleCallback = cancel;
    restoreIdle = undefined;
  };
  return {
    release() {
      restoreIdle?.();
      const callbacks = [...held.values()];
      held.clear();
      for (const callback of callbacks) callback({ didTimeout: false, timeRemaining: () => 50 });
    },
  };
}

/** The last block of the long document is in the DOM (the text is built whole). */
const built = (dialog: Element) => !!dialog.shadowRoot!.getElementById('long-p400-1');

describe('<agreement-dialog> with a long document', function () {
  // WebKitGTK under Xvfb takes seconds to draw a 400-section text.
  this.timeout(30_000);

  beforeEach(() => {
    captureReceipts(['long']);
  });

  afterEach(() => restoreIdle?.());

  it('is laid out by chunk, and still counts the end and the key clauses only once they are reached', async () => {
    const { dialog, part, body } = await openLong();
    expect(part('.content').classList.contains('long')).to.equal(true);
    await until(() => built(dialog), 'the whole text built');
    await dialog.updateComplete;
    expect(body.querySelectorAll('.chunk').length).to.be.above(10);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(dialog.readEvidence('long').reachedEnd).to.equal(false);
    expect(dialog.readEvidence('long').keyClauseIds).to.not.include('long-k400');
    // Chunks get their real height as they come into view: keep going until the end marker is seen.
    await until(
      () => {
        body.scrollTop = body.scrollHeight;
        return dialog.readEvidence('long')?.reachedEnd ?? false;
      },
      'end of the long document reached',
      5000,
    );
    // Its chunk is laid out once it comes near the view; the clause counts on the frame after.
    await until(
      () => dialog.readEvidence('long')?.keyClauseIds?.includes('long-k400') ?? false,
      'last key clause seen',
    );
    await dialog.updateComplete;
    expect(part<HTMLProgressElement>('[part="progress"]').value).to.equal(100);
    expect(part('[part="accept-button"]').getAttribute('aria-disabled')).to.equal('false');
  });

  it('keeps the end unreachable until the last chunk is in, then lets the reader reach it', async () => {
    const idle = holdIdle();
    const { dialog, part, body } = await openLong();
    // Shown with its first screenful only: no end marker yet, the last block not built.
    expect(built(dialog), 'text built in one piece on opening').to.equal(false);
    expect(body.querySelector('[part="end-marker"]')).to.equal(null);
    // The reader scrolls to the bottom of the half-built text: that is not the end.
    for (let i = 0; i < 3; i++) {
      body.scrollTop = body.scrollHeight;
      await frames();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(built(dialog)).to.equal(false);
    expect(dialog.readEvidence('long').reachedEnd, 'end of a half-built text').to.equal(false);
    await dialog.updateComplete;
    expect(part('[part="accept-button"]').getAttribute('aria-disabled')).to.equal('true');
    idle.release();
    await until(
      () => {
        body.scrollTop = body.scrollHeight;
        return dialog.readEvidence('long').reachedEnd;
      },
      'end of the long document reached',
      10_000,
    );
    expect(built(dialog)).to.equal(true);
    await dialog.updateComplete;
    expect(part('[part="accept-button"]').getAttribute('aria-disabled')).to.equal('false');
  });

  it('steps to a key clause in the last chunk, even before the slices have built it', async () => {
    holdIdle();
    const { dialog, part, body } = await openLong();
    expect(built(dialog), 'text built in one piece on opening').to.equal(false);
    // ‹ from the start goes to the last clause (section 400, in the last chunk).
    part<HTMLButtonElement>('[part="key-clauses"] button').click();
    const clause = part('[data-clause-id="long-k400"]');
    expect(clause, 'last clause built on demand').to.not.equal(null);
    const chunks = body.querySelectorAll('.chunk');
    expect(clause.closest('.chunk')).to.equal(chunks[chunks.length - 1]);
    expect(dialog.shadowRoot!.activeElement).to.equal(clause);
    await until(() => {
      const box = clause.getBoundingClientRect();
      const view = body.getBoundingClientRect();
      return box.bottom > view.top && box.top < view.bottom;
    }, 'last clause scrolled into view');
    await dialog.updateComplete;
    expect(part('[part="key-clauses"] .position').textContent).to.contain('3');
  });

  it('brings a heading far into the text into view from the table of contents', async () => {
    const { part, body } = await openLong();
    const link = part<HTMLAnchorElement>('[part="toc"] a[href="#long-h300"]');
    link.click();
    await frames();
    const heading = part('#long-h300');
    const top = heading.getBoundingClientRect().top - body.getBoundingClientRect().top;
    expect(top, 'heading at the top of the body').to.be.within(-2, body.clientHeight / 2);
    expect(heading.textContent).to.contain('Section 300');
  });
});
