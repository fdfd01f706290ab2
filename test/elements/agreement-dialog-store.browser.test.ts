import { expect } from '@open-wc/testing';
import {
  AGREEMENTS_STORAGE_KEY,
  agreementStore,
  diffSections,
  fingerprintSections,
  parseAgreementState,
} from '../../src/consent/agreements.js';
import { makeDoc } from './agreement-dialog-fixtures.js';

describe('consent/agreements: the store of accepted document versions', () => {
  // Other test files may use the store at the same time (same origin): keep and restore what was there.
  let saved: string | null;
  beforeEach(() => {
    saved = localStorage.getItem(AGREEMENTS_STORAGE_KEY);
  });
  afterEach(() => {
    if (saved === null) localStorage.removeItem(AGREEMENTS_STORAGE_KEY);
    else localStorage.setItem(AGREEMENTS_STORAGE_KEY, saved);
  });

  it('records and matches acceptances by id, version and (when both are known) hash', () => {
    const store = agreementStore();
    store.recordAcceptance([{ id: 'st-terms', version: '2', sha256: 'a'.repeat(64) }]);
    expect(store.isAccepted([{ id: 'st-terms', version: '2' }])).to.equal(true);
    expect(store.isAccepted([{ id: 'st-terms', version: '2', sha256: 'a'.repeat(64) }])).to.equal(true);
    expect(store.isAccepted([{ id: 'st-terms', version: '2', sha256: 'b'.repeat(64) }])).to.equal(false);
    expect(store.isAccepted([{ id: 'st-terms', version: '3' }])).to.equal(false);
    expect(
      store.isAccepted([
        { id: 'st-terms', version: '2' },
        { id: 'st-privacy', version: '2' },
      ]),
    ).to.equal(false);
    expect(store.isAccepted([])).to.equal(false);
    expect(JSON.parse(localStorage.getItem(AGREEMENTS_STORAGE_KEY)!).v).to.equal(1);
    store.forget(['st-terms']);
    expect(store.get('st-terms')).to.equal(undefined);
  });

  it('treats corrupt, foreign-version or malformed state as nothing accepted, keeping what is valid', () => {
    for (const raw of ['{', 'null', '[]', '"x"', JSON.stringify({ v: 2, documents: { t: {} } })]) {
      localStorage.setItem(AGREEMENTS_STORAGE_KEY, raw);
      expect(() => agreementStore().get('t')).to.not.throw();
      expect(agreementStore().get('t')).to.equal(undefined);
    }
    localStorage.setItem(
      AGREEMENTS_STORAGE_KEY,
      JSON.stringify({
        v: 1,
        documents: {
          good: { id: 'good', version: '1', acceptedAt: '2026-01-01T00:00:00.000Z' },
          bad: { id: 'bad', version: 7 },
          worse: 'nope',
        },
        separate: { sensitive: { purpose: 'sensitive', granted: 'yes' } },
      }),
    );
    expect(agreementStore().get('good')?.version).to.equal('1');
    expect(agreementStore().get('bad')).to.equal(undefined);
    expect(agreementStore().separate('sensitive')).to.equal(undefined);
    expect(parseAgreementState(null).documents).to.deep.equal({});
  });

  it('never throws when storage refuses writes (quota) and keeps the state for this page', () => {
    const original = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    try {
      expect(() => agreementStore().recordAcceptance([{ id: 'st-terms', version: '9' }])).to.not.throw();
      expect(agreementStore().get('st-terms')?.version).to.equal('9');
    } finally {
      Storage.prototype.setItem = original;
    }
    // Storage works again: the next write saves the state kept in memory.
    agreementStore().forget(['st-x']);
    expect(JSON.parse(localStorage.getItem(AGREEMENTS_STORAGE_KEY)!).documents['st-terms'].version).to.equal(
      '9',
    );
    agreementStore().forget(['st-terms']);
  });

  it('never throws when storage itself is blocked', () => {
    const descriptor = Object.getOwnPropertyDescriptor(window, 'localStorage');
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('blocked', 'SecurityError');
      },
    });
    try {
      expect(() => agreementStore().recordSeparate({ purpose: 'sensitive', granted: true })).to.not.throw();
      expect(agreementStore().separate('sensitive')?.granted).to.equal(true);
      expect(agreementStore().isAccepted([{ id: 'x', version: '1' }])).to.equal(false);
    } finally {
      if (descriptor) Object.defineProperty(window, 'localStorage', descriptor);
      else delete (window as unknown as Record<string, unknown>).localStorage;
    }
    agreementStore().recordSeparate({ purpose: 'sensitive', granted: false });
  });

  it('tells subscribers about changes from this page and from other tabs', () => {
    let calls = 0;
    const unsubscribe = agreementStore().subscribe(() => calls++);
    agreementStore().recordAcceptance([{ id: 'st-terms', version: '1' }]);
    expect(calls).to.equal(1);
    window.dispatchEvent(new StorageEvent('storage', { key: AGREEMENTS_STORAGE_KEY }));
    expect(calls).to.equal(2);
    window.dispatchEvent(new StorageEvent('storage', { key: 'something-else' }));
    expect(calls).to.equal(2);
    unsubscribe();
    agreementStore().forget(['st-terms']);
    expect(calls).to.equal(2);
  });

  it('fingerprints sections and tells which were added, removed and changed', () => {
    const before = fingerprintSections(makeDoc({ id: 'd', title: 'D', sections: 3 }));
    const after = fingerprintSections(
      makeDoc({ id: 'd', title: 'D', sections: 4, edit: { 2: 'new sentence' } }),
    );
    expect(before.map((s) => s.heading)).to.deep.equal(['1. Section 1', '2. Section 2', '3. Section 3']);
    expect(diffSections(before, after)).to.deep.equal({
      added: ['4. Section 4'],
      removed: [],
      changed: ['2. Section 2'],
    });
    expect(diffSections(after, before).removed).to.deep.equal(['4. Section 4']);
  });
});
