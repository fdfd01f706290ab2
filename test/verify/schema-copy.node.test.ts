import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { receiptSchema } from '../support/receipt-schema.js';

const shared = new URL('../../../shared/receipt.schema.json', import.meta.url);

test(
  'schema/receipt.schema.json equals the shared receipt contract',
  { skip: !existsSync(shared) && 'needs ../shared (absent)' },
  () => {
    assert.deepEqual(receiptSchema, JSON.parse(readFileSync(shared, 'utf8')));
  },
);
