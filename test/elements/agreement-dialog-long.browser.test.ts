import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/agreement-dialog/agreement-dialog.define.js';
import { captureReceipts, frames, makeDoc, until } from './agreement-dialog-fixtures.js';

/** Over 60,000 characters: rendered in chunks with `content-visibility: auto`. */
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

describe('<agreement-dialog> with a long document', function () {
  // WebKitGTK under Xvfb takes seconds to draw a 400-section text.
  this.timeout(30_000);

  beforeEach(() => {
    captureReceipts(['long']);
  });

  it('is laid out by chunk, and still counts the end and the key clauses only once they are reached', async () => {
    const { dialog, part, body } = await openLong();
    expect(part('.content').classList.contains('long')).to.equal(true);
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
