/**
 * The signing path no longer runs the full schema validator: `checkInput` checks what hosts and elements
 * supply and `record.ts` builds the rest. These tests hold that contract against the shared schema file
 * with Ajv: whatever `checkInput` lets through makes a valid receipt, and it refuses what would not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getConfig } from '../../src/consent/config.js';
import { checkInput, draftOf } from '../../src/consent/record.js';
import type { DecisionInput } from '../../src/receipt/types.js';
import { canonicalize } from '../../src/receipt/jcs.js';
import { validateWithAjv } from '../support/receipt-schema.js';

const agreement: DecisionInput = {
  type: 'agreement',
  decision: 'accepted',
  locale: 'zh-CN',
  documents: [
    {
      id: 'terms',
      version: '2024-01',
      title: '用户协议',
      sha256: 'a'.repeat(64),
      read: { reachedEnd: true, dwellMs: 5123, keyClausesSeen: 2, keyClausesTotal: 2, keyClauseIds: ['k1'] },
    },
  ],
  method: { element: 'agreement-dialog', action: 'accept', label: '同意' },
};

const cookie: DecisionInput = {
  type: 'cookie',
  decision: 'updated',
  locale: 'en',
  purposes: { analytics: true, ads: false },
  method: { element: 'privacy-banner', action: 'accept-service', label: 'Allow' },
  extensions: { campaign: 'x', nested: { list: [1, 'two', null, false] } },
};

/** The payload `record.ts` would sign for `input` (first in a chain), or the reason it refuses. */
async function receiptFor(input: unknown): Promise<{ ok: true; payload: unknown } | { ok: false }> {
  try {
    checkInput(input as DecisionInput);
  } catch (error) {
    assert.equal((error as { code?: string }).code, 'invalid-decision', String(error));
    return { ok: false };
  }
  const draft = await draftOf(input as DecisionInput, getConfig(), '0b0b7a62-7c5f-4c55-9f5e-2b1a6c0f0e11');
  // What is signed is the canonical text: validate what a receiver decodes.
  return { ok: true, payload: JSON.parse(canonicalize({ ...draft, seq: 0, prev: null })) };
}

function withValue(base: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (remove) delete at[last];
  else at[last] = value;
  return copy;
}

/** Every value path of an input. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const own = Object.entries(value).flatMap(([key, inner]) =>
    paths(inner, [...prefix, Array.isArray(value) ? Number(key) : key]),
  );
  return prefix.length ? [prefix, ...own] : own;
}

const probes: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  Number.NaN,
  '',
  'x',
  'a'.repeat(64),
  'A'.repeat(64),
  true,
  [],
  ['x'],
  [1],
  {},
  { extra: 1 },
  new Date(0),
  () => 1,
  'agreement',
  'cookie',
  'declined',
  'api',
];

describe('record.ts checks what callers supply (no schema validator on the signing path)', () => {
  it('makes schema-valid receipts of the elements’ decisions', async () => {
    for (const input of [agreement, cookie]) {
      const result = await receiptFor(input);
      assert.ok(result.ok);
      assert.ok(validateWithAjv(result.payload), JSON.stringify(validateWithAjv.errors));
    }
  });

  it('lets nothing through that the schema (Ajv) rejects: every field probed, removed or added to', async () => {
    let refused = 0;
    let accepted = 0;
    for (const base of [agreement, cookie]) {
      for (const path of paths(base)) {
        const variants = [
          ...probes.map((probe) => withValue(base, path, probe)),
          withValue(base, path, undefined, true),
          withValue(base, [...path.slice(0, -1), 'unexpected'], 'x'),
        ];
        for (const variant of variants) {
          const result = await receiptFor(variant);
          if (!result.ok) {
            refused++;
            continue;
          }
          accepted++;
          assert.ok(
            validateWithAjv(result.payload),
            `accepted ${JSON.stringify(variant)} but Ajv says ${JSON.stringify(validateWithAjv.errors)}`,
          );
        }
      }
    }
    // Both branches ran: the probes are not all refused, nor all accepted.
    assert.ok(refused > 100 && accepted > 50, `refused ${refused}, accepted ${accepted}`);
  });

  it('refuses extensions that are not plain JSON, and says which part is wrong', () => {
    for (const extensions of [
      new Date(0),
      { when: new Date(0) },
      { n: Number.POSITIVE_INFINITY },
      [1],
      { f: () => 1 },
    ]) {
      assert.throws(
        () => checkInput({ ...cookie, extensions } as DecisionInput),
        (error: Error) => error.message.includes('/extensions'),
      );
    }
    // A hole in an array would canonicalise to `[1,,2]`, which no receiver can parse.
    const sparse: unknown[] = [1];
    sparse[2] = 2;
    assert.throws(() => checkInput({ ...cookie, extensions: { sparse } }), /\/extensions/);
    const ids: string[] = ['k1'];
    ids[2] = 'k3';
    const document = agreement.documents![0]!;
    assert.throws(
      () =>
        checkInput({
          ...agreement,
          documents: [{ ...document, read: { ...document.read, keyClauseIds: ids } }],
        }),
      /\/documents/,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => checkInput({ ...cookie, extensions: cyclic }), /\/extensions/);
    assert.throws(() => checkInput({ ...cookie, purposes: { a: 'yes' } } as never), /\/purposes/);
    assert.throws(
      () =>
        checkInput({ ...agreement, documents: [{ ...agreement.documents![0]!, sha256: 'A'.repeat(64) }] }),
      /\/documents/,
    );
  });

  it('random inputs: whatever passes the checks is a valid receipt (fast-check)', async () => {
    const anything = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    const read = fc.record(
      {
        reachedEnd: fc.oneof(fc.boolean(), anything),
        dwellMs: fc.oneof(fc.nat(), fc.integer(), fc.double(), anything),
        keyClausesSeen: fc.oneof(fc.nat(), anything),
        keyClausesTotal: fc.oneof(fc.nat(), anything),
        keyClauseIds: fc.oneof(fc.array(fc.string()), anything),
      },
      { requiredKeys: [] },
    );
    const documentArb = fc.record(
      {
        id: fc.oneof(fc.string(), anything),
        version: fc.oneof(fc.string(), anything),
        title: fc.oneof(fc.string(), anything),
        sha256: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string()),
        read,
      },
      { requiredKeys: [] },
    );
    const input = fc.record(
      {
        type: fc.oneof(fc.constantFrom('agreement', 'separate', 'cookie'), anything),
        decision: fc.oneof(fc.constantFrom('accepted', 'declined', 'withdrawn', 'updated'), anything),
        locale: fc.oneof(fc.constantFrom('en', 'zh-CN'), anything),
        documents: fc.oneof(fc.array(documentArb, { maxLength: 2 }), anything),
        purposes: fc.oneof(fc.dictionary(fc.string(), fc.boolean()), fc.dictionary(fc.string(), anything)),
        method: fc.record(
          {
            element: fc.oneof(fc.constantFrom('api', 'privacy-banner'), anything),
            action: fc.oneof(fc.string(), anything),
            label: fc.oneof(fc.string(), anything),
          },
          { requiredKeys: [] },
        ),
        extensions: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), anything),
      },
      { requiredKeys: ['type', 'decision', 'locale', 'method'] },
    );
    await fc.assert(
      fc.asyncProperty(input, async (candidate) => {
        const result = await receiptFor(candidate);
        if (result.ok) assert.ok(validateWithAjv(result.payload), JSON.stringify(validateWithAjv.errors));
      }),
      { numRuns: 2000 },
    );
  });
});
