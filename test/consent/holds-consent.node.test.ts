/**
 * The rule for when a consent box may show as ticked without a click on this page: the stored state
 * holds a yes to exactly these versions (and texts), in the box's own flow.
 */
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { agreementStore, holdsConsent } from '../../src/consent/agreements.js';
import { CHILDREN_PURPOSE } from '../../src/consent/guardian.js';

const store = agreementStore();
const terms = { id: 'terms', version: '2026-10', sha256: 'a'.repeat(64) };
const privacy = { id: 'privacy', version: '2026-10' };
const childRules = { id: 'child-rules', version: '2026-09' };

beforeEach(() => store.clear());

test('an agreement holds only for the accepted versions and texts', () => {
  assert.equal(holdsConsent(store, { flow: 'agreement', documents: [terms, privacy] }), false);
  store.recordAcceptance([
    { id: 'terms', version: '2026-10', title: 'Terms', sha256: 'a'.repeat(64) },
    { id: 'privacy', version: '2026-10', title: 'Privacy' },
  ]);
  assert.equal(holdsConsent(store, { flow: 'agreement', documents: [terms, privacy] }), true);
  assert.equal(
    holdsConsent(store, { flow: 'agreement', documents: [{ ...terms, version: '2026-11' }] }),
    false,
  );
  assert.equal(
    holdsConsent(store, { flow: 'agreement', documents: [{ ...terms, sha256: 'b'.repeat(64) }] }),
    false,
  );
  // A version not known yet (the dialog has not loaded the document) is never taken as agreed.
  assert.equal(holdsConsent(store, { flow: 'agreement', documents: [{ id: 'terms', version: '' }] }), false);
  assert.equal(holdsConsent(store, { flow: 'agreement', documents: [] }), false);
});

test('a separate consent holds for its purpose and versions only, and never as an agreement', () => {
  store.recordSeparate({ purpose: 'sensitive', granted: true, documents: { privacy: '2026-10' } });
  assert.equal(holdsConsent(store, { flow: 'separate', purpose: 'sensitive', documents: [privacy] }), true);
  assert.equal(holdsConsent(store, { flow: 'separate', purpose: 'marketing', documents: [privacy] }), false);
  assert.equal(holdsConsent(store, { flow: 'separate', purpose: '', documents: [privacy] }), false);
  assert.equal(
    holdsConsent(store, {
      flow: 'separate',
      purpose: 'sensitive',
      documents: [{ ...privacy, version: '2026-11' }],
    }),
    false,
  );
  assert.equal(holdsConsent(store, { flow: 'agreement', documents: [privacy] }), false);
  store.recordSeparate({ purpose: 'sensitive', granted: false, documents: { privacy: '2026-10' } });
  assert.equal(holdsConsent(store, { flow: 'separate', purpose: 'sensitive', documents: [privacy] }), false);
});

test("a guardian's agreement needs both the agreement and the separate consent to the children's rules", () => {
  const question = { flow: 'guardian', agreed: [terms], rules: [childRules] } as const;
  store.recordAcceptance([{ id: 'terms', version: '2026-10', title: 'Terms', sha256: 'a'.repeat(64) }]);
  assert.equal(holdsConsent(store, question), false, 'agreement without the children consent');
  store.recordSeparate({ purpose: CHILDREN_PURPOSE, granted: true, documents: { 'child-rules': '2026-08' } });
  assert.equal(holdsConsent(store, question), false, 'children consent to an older version of the rules');
  store.recordSeparate({ purpose: CHILDREN_PURPOSE, granted: true, documents: { 'child-rules': '2026-09' } });
  assert.equal(holdsConsent(store, question), true);
  store.forget(['terms']);
  assert.equal(holdsConsent(store, question), false, 'children consent without the agreement');
});

test('prototype keys in a question or the stored state never count as a yes', () => {
  store.recordSeparate({ purpose: 'sensitive', granted: true, documents: { privacy: '2026-10' } });
  for (const key of ['__proto__', 'constructor', 'toString']) {
    assert.equal(holdsConsent(store, { flow: 'agreement', documents: [{ id: key, version: '' }] }), false);
    assert.equal(holdsConsent(store, { flow: 'agreement', documents: [{ id: key, version: 'x' }] }), false);
    assert.equal(holdsConsent(store, { flow: 'separate', purpose: key, documents: [] }), false);
    assert.equal(
      holdsConsent(store, { flow: 'separate', purpose: 'sensitive', documents: [{ id: key, version: '' }] }),
      false,
    );
  }
});
