import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { receiptSchema } from '../support/receipt-schema.js';

/** The shared contract as the project last took it (a clone has no ../shared). */
const snapshot = new URL('../fixtures/shared/receipt.schema.json', import.meta.url);
const shared = new URL('../../../shared/receipt.schema.json', import.meta.url);

test('schema/receipt.schema.json equals the receipt contract (snapshot of ../shared)', () => {
  assert.deepEqual(receiptSchema, JSON.parse(readFileSync(snapshot, 'utf8')));
});

test(
  'the snapshot is still the shared original',
  { skip: !existsSync(shared) && 'needs ../shared (absent): the snapshot is checked above' },
  () => {
    assert.deepEqual(JSON.parse(readFileSync(snapshot, 'utf8')), JSON.parse(readFileSync(shared, 'utf8')));
  },
);
