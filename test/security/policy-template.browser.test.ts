/**
 * A `<template>` is inert: the markup in it must reach the sanitiser as text, never as nodes adopted
 * into the live document (adopting an `<img>` starts its load and runs `onerror` before sanitising).
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/agreement-dialog/agreement-dialog.define.js';
import '../../src/elements/policy-document/policy-document.define.js';
import { probeKey, probeRequests, probeUrl, settle } from './probe.js';

declare global {
  interface Window {
    __templateHandlerRan?: number;
  }
}

describe('<policy-document> template source', () => {
  it('is read without adopting its nodes: no handler runs, the image is never requested', async () => {
    const key = probeKey('template-img');
    // Built and filled after page load, as a CMS or a late script would do it.
    const policy = document.createElement('policy-document');
    policy.setAttribute('doc-id', 'tpl');
    policy.setAttribute('version', '1');
    policy.setAttribute('title', 'Terms');
    const template = document.createElement('template');
    template.innerHTML =
      `<h1>Terms</h1><p>Hello.</p><img src="${probeUrl(key)}" onerror="window.__templateHandlerRan=(window.__templateHandlerRan||0)+1">` +
      `<svg><image href="${probeUrl(key, 'y.png')}" onerror="window.__templateHandlerRan=1"></image></svg>`;
    policy.append(template);
    const host = await fixture<HTMLDivElement>(
      html`<div lang="en"><agreement-dialog>${policy}</agreement-dialog></div>`,
    );
    const dialog = host.querySelector('agreement-dialog')!;
    await dialog.documentsReady;
    await dialog.show();
    expect(dialog.shadowRoot!.textContent).to.contain('Hello.');
    await settle();
    expect(window.__templateHandlerRan ?? 0).to.equal(0);
    expect(await probeRequests(key)).to.equal(0);
    await dialog.hide();
  });
});
