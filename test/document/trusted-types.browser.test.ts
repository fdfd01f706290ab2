/**
 * Under a Trusted Types CSP (`require-trusted-types-for 'script'`, as the demo and e2e pages set it),
 * HTML and Markdown still parse: the only HTML sink is DOMPurify's parser, through its own policy
 * ("dompurify"), which the CSP must allow. Chromium only (the engine that enforces Trusted Types).
 */
import { expect } from '@open-wc/testing';
import { parsePolicy, PolicyDocumentError } from '../../src/document/index.js';

describe('Trusted Types', () => {
  it('parses HTML and Markdown with require-trusted-types-for enforced', function () {
    if (!('trustedTypes' in window)) this.skip();
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "require-trusted-types-for 'script'; trusted-types dompurify";
    document.head.append(meta);
    // Enforcement is on: a raw string into an HTML sink throws.
    expect(() => {
      document.createElement('div').innerHTML = '<b>x</b>';
    }).to.throw();
    const html = parsePolicy(
      '<h1>隐私政策</h1><p>我们<strong>不出售</strong>数据。<img src=x onerror=alert(1)></p>',
      {
        format: 'html',
      },
    );
    expect(html.canonicalText).to.equal('隐私政策\n我们不出售数据。');
    expect(html.keyClauses.map((clause) => clause.text)).to.deep.equal(['不出售']);
    const markdown = parsePolicy('# 条款\n\n__付款。__我们按月收费。', { format: 'markdown' });
    expect(markdown.keyClauses.map((clause) => clause.text)).to.deep.equal(['付款。']);
  });
});

describe('Trusted Types without the dompurify policy', () => {
  it('is a typed error, not a crash (DOMPurify parses nothing, so the document is empty)', async function () {
    if (!('trustedTypes' in window)) this.skip();
    // A fresh same-origin frame whose CSP allows no policy at all: the sanitiser cannot parse there.
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const frameWindow = frame.contentWindow as Window & typeof globalThis;
    const meta = frameWindow.document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "require-trusted-types-for 'script'; trusted-types 'none'";
    frameWindow.document.head.append(meta);
    try {
      parsePolicy('<p>x</p>', { format: 'html', window: frameWindow });
      expect.fail('expected a PolicyDocumentError');
    } catch (error) {
      expect(error).to.be.instanceOf(PolicyDocumentError);
      expect((error as PolicyDocumentError).code).to.be.oneOf(['empty', 'sanitizer-failed']);
    } finally {
      frame.remove();
    }
  });
});
