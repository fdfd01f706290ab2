/**
 * The sanitiser in a real browser engine (mutation XSS depends on the engine's parser): no payload
 * yields an executable construct in the model, and none runs while being parsed.
 */
import { expect } from '@open-wc/testing';
import { parsePolicy, PolicyDocumentError } from '../../src/document/index.js';
import { unsafeParts } from './model-safety.js';
import { ALL_PAYLOADS } from './xss-payloads.js';
import { probeAlerts } from '../support/alert-probe.js';

describe('XSS payloads in the browser', () => {
  const alerts = probeAlerts();

  it(`${ALL_PAYLOADS.length} payloads in HTML and Markdown documents stay inert`, async () => {
    expect(ALL_PAYLOADS.length).to.be.at.least(200);
    const problems: string[] = [];
    for (const payload of ALL_PAYLOADS) {
      for (const [format, source] of [
        ['html', payload],
        ['markdown', payload],
        ['html', `<h1>政策</h1><p>前文</p>${payload}<p>后文</p>`],
        ['markdown', `# 政策\n\n前文 ${payload} 后文\n\n${payload}\n`],
      ] as const) {
        try {
          const doc = parsePolicy(source, { format });
          problems.push(...unsafeParts(doc).map((problem) => `${format} ${payload}: ${problem}`));
        } catch (error) {
          if (!(error instanceof PolicyDocumentError)) throw error;
        }
      }
    }
    // Give any handler a page could have attached (image errors, timers) a chance to run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(problems).to.deep.equal([]);
    expect(alerts.fired).to.equal(0);
    expect(document.querySelectorAll('script[src*="xss"], img[src="x"]').length).to.equal(0);
  });
});
