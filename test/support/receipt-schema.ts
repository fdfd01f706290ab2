import { readFileSync } from 'node:fs';

/**
 * The receipt contract, version 1. The project keeps its own copy (`schema/receipt.schema.json`, shipped
 * with the package for backends) so a clone without `../shared` still tests against it;
 * test/verify/schema-copy.node.test.ts checks the copy equals the shared original when that is present.
 */
export const RECEIPT_SCHEMA_URL = new URL('../../schema/receipt.schema.json', import.meta.url);
export const receiptSchema = JSON.parse(readFileSync(RECEIPT_SCHEMA_URL, 'utf8')) as any;
