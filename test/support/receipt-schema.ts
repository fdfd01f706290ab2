import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * The receipt contract, version 1. The project keeps its own copy (`schema/receipt.schema.json`, shipped
 * with the package for backends) so a clone without `../shared` still tests against it;
 * test/verify/schema-copy.node.test.ts checks the copy equals the shared original when that is present.
 */
export const RECEIPT_SCHEMA_URL = new URL('../../schema/receipt.schema.json', import.meta.url);
export const receiptSchema = JSON.parse(readFileSync(RECEIPT_SCHEMA_URL, 'utf8')) as any;

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

/**
 * The independent check of the contract: Ajv (JSON Schema 2020-12) with ajv-formats, compiled once.
 * `validateWithAjv.errors` says why after a `false`.
 */
export const validateWithAjv = ajv.compile(receiptSchema);
