import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/policy-document/policy-document.define.js';
import type { PolicyDocumentElement } from '../../src/elements/policy-document/policy-document.js';

describe('<policy-document>', () => {
  it('parses the same inline source once per page, and a different one again', async () => {
    const holder = await fixture<HTMLDivElement>(
      html`<div>
        <policy-document doc-id="terms" version="1"
          ><script type="text/plain">
            一、总则
            本协议约定您与我们之间的权利义务。
          </script></policy-document
        >
        <policy-document doc-id="terms" version="1"
          ><script type="text/plain">
            一、总则
            本协议约定您与我们之间的权利义务。
          </script></policy-document
        >
        <policy-document doc-id="terms" version="2"
          ><script type="text/plain">
            一、总则
            本协议约定您与我们之间的权利义务。
          </script></policy-document
        >
      </div>`,
    );
    const [first, second, other] = [...holder.querySelectorAll<PolicyDocumentElement>('policy-document')];
    const [a, b, c] = await Promise.all([first!.load(), second!.load(), other!.load()]);
    expect(b, 'same source and options: one parse').to.equal(a);
    expect(c, 'another version is parsed on its own').to.not.equal(a);
    expect(c.version).to.equal('2');
    expect(a.canonicalText).to.contain('本协议约定');
  });
});
