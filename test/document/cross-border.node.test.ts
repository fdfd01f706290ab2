/** The PIPL art. 39 notice written from the host's description of the overseas recipient. */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  crossBorderNotice,
  parsePolicy,
  PolicyDocumentError,
  type CrossBorderRecipient,
} from '../../src/document/index.js';
import { agreementStrings } from '../../src/i18n/resources/agreement.js';
import { installJsdom } from './corpus.js';

before(installJsdom);

const labels = (locale: 'zh-CN' | 'en') =>
  (agreementStrings[locale] as { crossBorder: Record<string, string> }).crossBorder as never;

const recipient: CrossBorderRecipient = {
  name: 'Lumen Learning Analytics Pte. Ltd.',
  country: 'Singapore',
  contact: 'privacy@lumen.example, 1 Example Road, Singapore',
  purposes: ['Learning progress analytics', 'Service reliability'],
  methods: 'Encrypted storage and statistical analysis',
  categories: ['Account id', 'Lesson progress'],
  retention: '12 months',
  rights: 'Write to privacy@lumen.example; answered within 15 working days',
};

test('every fact art. 39 names is a section of the notice, in both languages, with the host values', async () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    const text = crossBorderNotice(recipient, labels(locale));
    const policy = await parsePolicy(text, { format: 'markdown', id: 'xb', version: '1' });
    const headings = policy.toc.map((h) => h.text);
    const l = labels(locale) as Record<string, string>;
    assert.deepEqual(headings, [
      l.title,
      l.name,
      l.country,
      l.contact,
      l.purposes,
      l.methods,
      l.categories,
      l.retention,
      l.rights,
    ]);
    const canonical = policy.canonicalText;
    for (const value of [recipient.name, recipient.contact, ...recipient.purposes, ...recipient.categories])
      assert.ok(canonical.includes(value), `${locale}: ${value} is in the hashed text`);
  }
});

test('the hash covers the recipient: another contact is another document', async () => {
  const hash = async (r: CrossBorderRecipient) =>
    (await parsePolicy(crossBorderNotice(r, labels('en')), { format: 'markdown' })).sha256;
  assert.notEqual(await hash(recipient), await hash({ ...recipient, contact: 'dpo@other.example' }));
  assert.equal(await hash(recipient), await hash({ ...recipient }));
});

test('host values stay literal text: no markup, links or headings come from them', async () => {
  const hostile = {
    ...recipient,
    name: '<img src=x onerror=alert(1)> **bold** [x](javascript:alert(1))',
    categories: ['# heading', '1. numbered'],
  };
  const policy = await parsePolicy(crossBorderNotice(hostile, labels('en')), { format: 'markdown' });
  const canonical = policy.canonicalText;
  assert.ok(canonical.includes('<img src=x onerror=alert(1)> **bold** [x](javascript:alert(1))'));
  assert.ok(canonical.includes('# heading'));
  assert.equal(policy.toc.length, 9, 'no heading from a category');
  assert.equal(JSON.stringify(policy.blocks).includes('"kind":"link"'), false);
});

test('a recipient missing what art. 39 requires is refused with a clear message', () => {
  for (const bad of [
    null,
    [],
    { ...recipient, contact: '' },
    { ...recipient, purposes: [] },
    { ...recipient, methods: 3 },
  ]) {
    assert.throws(
      () => crossBorderNotice(bad as never, labels('en')),
      (error: unknown) => error instanceof PolicyDocumentError && error.code === 'invalid-format',
    );
  }
  assert.throws(() => crossBorderNotice({ ...recipient, rights: ' ' }, labels('en')), /rights must be/);
});
