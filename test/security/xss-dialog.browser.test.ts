/**
 * The XSS payload set (test/document/xss-payloads.ts) through the element path a host uses: inline
 * `<policy-document>` sources (a template filled after load, Markdown in a script) shown in the dialog.
 * No payload runs, and no resource a payload names is requested.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/agreement-dialog/agreement-dialog.define.js';
import '../../src/elements/policy-document/policy-document.define.js';
import { ALL_PAYLOADS } from '../document/xss-payloads.js';
import { settle } from './probe.js';
import { probeAlerts } from '../support/alert-probe.js';

function policy(id: string, kind: 'template' | 'markdown', text: string): HTMLElement {
  const element = document.createElement('policy-document');
  element.setAttribute('doc-id', id);
  element.setAttribute('version', '1');
  element.setAttribute('title', id);
  if (kind === 'template') {
    const template = document.createElement('template');
    template.innerHTML = text;
    element.append(template);
  } else {
    const script = document.createElement('script');
    script.type = 'text/markdown';
    script.textContent = text;
    element.append(script);
  }
  return element;
}

describe('XSS payloads through <policy-document> and the dialog', () => {
  const alerts = probeAlerts();

  for (const kind of ['template', 'markdown'] as const) {
    it(`${ALL_PAYLOADS.length} payloads in a ${kind} source stay inert when shown`, async () => {
      expect(ALL_PAYLOADS.length).to.be.at.least(200);
      const body =
        kind === 'template'
          ? `<h1>Policy</h1>${ALL_PAYLOADS.map((payload) => `<p>before</p>${payload}<p>after</p>`).join('')}`
          : `# Policy\n\n${ALL_PAYLOADS.map((payload) => `before ${payload} after\n\n${payload}\n`).join('\n')}`;
      const host = await fixture<HTMLDivElement>(
        html`<div lang="en"><agreement-dialog>${policy(`xss-${kind}`, kind, body)}</agreement-dialog></div>`,
      );
      const dialog = host.querySelector('agreement-dialog')!;
      await dialog.documentsReady;
      await dialog.show();
      await settle(500);
      expect(alerts.fired).to.equal(0);
      const root = dialog.shadowRoot!;
      expect(root.querySelectorAll('script, iframe, object, embed, form, base, meta').length).to.equal(0);
      const unsafe = [...root.querySelectorAll('*')].flatMap((element) =>
        [...element.attributes]
          .filter(
            (attribute) =>
              /^on/i.test(attribute.name) ||
              (/^(href|src|action|formaction|xlink:href)$/i.test(attribute.name) &&
                /^\s*(javascript|vbscript|data):/i.test(attribute.value)),
          )
          .map((attribute) => `<${element.localName} ${attribute.name}="${attribute.value}">`),
      );
      expect(unsafe).to.deep.equal([]);
      expect(document.querySelectorAll('script[src*="xss"], img[src="x"]').length).to.equal(0);
      await dialog.hide();
    });
  }
});
