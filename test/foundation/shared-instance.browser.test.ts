// Two copies of Assent on one page (the IIFE from a <script> tag and the ESM build) register each tag
// once and share one registry under Symbol.for('assent'). Needs `npm run build` (npm test builds first).
import { expect } from '@open-wc/testing';

declare global {
  interface Window {
    Assent?: { translate(locale: string, key: string): string; registerStrings(resources: object): void };
  }
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} did not load: run npm run build`));
    document.head.append(script);
  });
}

describe('IIFE and ESM copies on one page', () => {
  it('register each tag once and share strings through one registry', async () => {
    await loadScript('/dist/assent.iife.js');
    expect(window.Assent, 'global Assent').to.exist;
    const iifeCheckbox = customElements.get('consent-checkbox');
    expect(iifeCheckbox).to.exist;

    const esm = await import('../../src/index.js');
    expect(customElements.get('consent-checkbox'), 'the first registration stays').to.equal(iifeCheckbox);
    expect(esm.ConsentCheckbox).to.not.equal(iifeCheckbox);

    const probe = { shared: { probe: 'from the ESM copy' } };
    esm.registerStrings({ en: probe, 'zh-CN': probe, 'zh-TW': probe });
    expect(window.Assent!.translate('en', 'shared.probe')).to.equal('from the ESM copy');
    expect((globalThis as unknown as Record<symbol, unknown>)[Symbol.for('assent')]).to.exist;
  });
});
