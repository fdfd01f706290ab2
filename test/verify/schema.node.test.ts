import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import canonicalizePackage from 'canonicalize';
import fc from 'fast-check';
import { NodeSigner } from '../support/mint.js';
import { canonicalize, isCanonicalText } from '../../src/receipt/jcs.js';
import { canonicalOrNull } from '../../src/receipt/jws.js';
import { validateReceiptPayload } from '../../src/verify/schema.js';
import { receiptSchema, validateWithAjv } from '../support/receipt-schema.js';

const schema = receiptSchema;

const base = new NodeSigner().next().payload as unknown as Record<string, unknown>;

/** Values that probe each keyword of the schema. */
const probes: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  2,
  '',
  'x',
  true,
  [],
  {},
  'a'.repeat(64),
  'A'.repeat(64),
  '2024-02-30T10:00:00.000Z',
  '2024-02-29T23:59:60Z',
  '2024-01-01T10:00:00',
  '2024-01-01 10:00:00Z',
  'https://a.example/x?y#z',
  '/relative',
  'mailto:a@b.c',
  'urn:uuid:6f1d0e6c-1c7a-4a55-9a52-8e6f7b2f3c10',
  '6F1D0E6C-1C7A-4A55-9A52-8E6F7B2F3C10',
  { a: true },
  { a: 1 },
  'self',
  'guardian',
  'consent-history',
  'assent-text/2',
  'assent-text/0',
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
];

function paths(): string[][] {
  const top = Object.keys(schema.properties).map((key) => [key]);
  return [
    ...top,
    ['documents', '0'],
    ['documents', '0', 'id'],
    ['documents', '0', 'sha256'],
    ['documents', '0', 'read'],
    ['documents', '0', 'read', 'dwellMs'],
    ['documents', '0', 'read', 'reachedEnd'],
    ['documents', '0', 'read', 'keyClauseIds'],
    ['documents', '0', 'read', 'extra'],
    ['documents', '0', 'extra'],
    ['method', 'element'],
    ['method', 'label'],
    ['method', 'extra'],
    ['purposes', 'analytics'],
    ['extra'],
  ];
}

function withValue(object: Record<string, unknown>, path: string[], value: unknown): unknown {
  const copy = structuredClone(object);
  let cursor: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete cursor[last];
  else cursor[last] = value;
  return copy;
}

describe('receipt schema validator', () => {
  it('agrees with Ajv + ajv-formats on the shared schema for every probe at every path', () => {
    let compared = 0;
    for (const path of paths()) {
      for (const value of probes) {
        const candidate = withValue(base, path, value);
        const ours = validateReceiptPayload(candidate).length === 0;
        const theirs = validateWithAjv(candidate) as boolean;
        assert.equal(
          ours,
          theirs,
          `${path.join('/')} = ${JSON.stringify(value)}: ours ${ours}, ajv ${theirs}`,
        );
        compared++;
      }
    }
    assert.ok(compared > 500);
    assert.equal(validateWithAjv(base), true);
  });

  it('agrees with Ajv on random date-times and URIs', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789-:TZz.+ ') }), fc.webUrl(), (time, url) => {
        for (const candidate of [withValue(base, ['issuedAt'], time), withValue(base, ['page'], url)]) {
          assert.equal(validateReceiptPayload(candidate).length === 0, validateWithAjv(candidate));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('RFC 8785 canonicalisation', () => {
  it('matches the canonicalize package on random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assert.equal(canonicalize(value), canonicalizePackage(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('orders members by UTF-16 code units and serialises numbers per ECMAScript (RFC 8785 §3.2)', () => {
    // The RFC's sorting example (§3.2.3) and number examples (appendix B).
    const sorted = canonicalize({
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew',
      '1': 'One',
      '\ud83d\ude00': 'Emoji',
      '\u0080': 'Control',
      '\u00f6': 'Latin',
    });
    assert.equal(
      sorted,
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji","\ufb33":"Hebrew"}',
    );
    assert.equal(
      canonicalize([333333333.3333333, 1e30, 4.5, 0.002, 1e-27, -0]),
      '[333333333.3333333,1e+30,4.5,0.002,1e-27,0]',
    );
    assert.equal(canonicalize({ b: [true, null], a: 'x\u2028' }), '{"a":"x\u2028","b":[true,null]}');
    // Holes in sparse arrays are null, as JSON.stringify writes them (never `[1,,2]`).
    // eslint-disable-next-line no-sparse-arrays
    assert.equal(canonicalize([1, , 2]), '[1,null,2]');
  });

  it('isCanonicalText answers as canonicalize does, on random values, their texts and edge cases', () => {
    const agree = (value: unknown, text: string) =>
      assert.equal(isCanonicalText(value, text), canonicalOrNull(value) === text, text);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const text of [canonicalize(value), JSON.stringify(value), JSON.stringify(value, null, 1)])
          agree(JSON.parse(text), text);
      }),
      { numRuns: 3000 },
    );
    const texts = [
      '{"10":1,"9":2}', // canonical, though JSON.parse lists "9" first
      '{"9":2,"10":1}',
      '{"b":1,"a":2}',
      '{"a":1,"a":2}',
      '{"a":"\\ud800"}',
      '{"a":"\\ud83d\\ude00"}',
      '{"a":"\\u0001"}',
      '{"a":"\\\\ud800"}',
      '"\u2028"',
      '[1.0]',
      '[1E2]',
      '[-0]',
      '[1e400]',
      '{"__proto__":1}',
      '{ "a":1}',
    ];
    for (const text of texts) agree(JSON.parse(text), text);
    assert.equal(isCanonicalText(JSON.parse('{"10":1,"9":2}'), '{"10":1,"9":2}'), true);
    assert.equal(isCanonicalText(JSON.parse('{"a":"\\ud800"}'), '{"a":"\\ud800"}'), false);
    const values: [unknown, string][] = [
      [{ a: Number.NaN }, '{"a":null}'],
      [{ a: undefined }, '{}'],
      [{ a: () => 1 }, '{}'],
      [{ toJSON: () => 1 }, '1'],
      [[undefined], '[null]'],
      [1n, '1'],
    ];
    for (const [value, text] of values) agree(value, text);
  });

  it('isCanonicalText answers, never throws, on nesting too deep to walk', () => {
    const depth = 100_000;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    const value: unknown = JSON.parse(text);
    assert.doesNotThrow(() => isCanonicalText(value, text));
    assert.equal(isCanonicalText(value, text), canonicalOrNull(value) === text);
  });

  it('refuses what I-JSON forbids', () => {
    assert.throws(() => canonicalize({ a: '\ud800' }));
    assert.throws(() => canonicalize(Number.NaN));
    assert.throws(() => canonicalize({ a: Infinity }));
  });
});
