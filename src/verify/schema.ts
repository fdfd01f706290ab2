/**
 * A dependency-free validator for `receipt.schema.json` version 1. It runs in browsers under a strict
 * CSP (Ajv compiles schemas with `new Function`), and in Node without extra packages. Tests check that
 * it agrees with Ajv + ajv-formats on the shared schema file, so the two cannot drift apart silently.
 */
import type { SchemaIssue } from '../receipt/jws.js';
import { ACTORS, DECISIONS, RECEIPT_ELEMENTS, RECEIPT_TYPES, isOneOf } from '../receipt/types.js';

export type { SchemaIssue };

/** The largest integer JSON numbers carry exactly (the schema's `maximum` on `seq`). */
const MAX_SEQ = Number.MAX_SAFE_INTEGER;
const CANON = /^assent-text\/[1-9][0-9]*$/;
const REQUIRED = [
  'v',
  'id',
  'type',
  'decision',
  'issuedAt',
  'locale',
  'page',
  'seq',
  'prev',
  'canon',
  'documents',
  'purposes',
  'method',
];
const OPTIONAL = ['subject', 'actor', 'nonce', 'ephemeralKey', 'validUntil', 'extensions'];
const HEX64 = /^[0-9a-f]{64}$/;

// Formats as ajv-formats defines them in its default ("full") mode.
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const NOT_URI_FRAGMENT = /\/|:/;
const URI =
  /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function isDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const year = +match[1]!;
  const month = +match[2]!;
  const day = +match[3]!;
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : DAYS[month]!)
  );
}

function isTime(text: string): boolean {
  const match = TIME.exec(text);
  if (!match) return false;
  const hour = +match[1]!;
  const minute = +match[2]!;
  const second = +match[3]!;
  const zone = match[4];
  const sign = match[5] === '-' ? -1 : 1;
  const zoneHour = +(match[6] || 0);
  const zoneMinute = +(match[7] || 0);
  if (zoneHour > 23 || zoneMinute > 59 || !zone) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  // A leap second is valid only at 23:59:60 UTC.
  const utcMinute = minute - zoneMinute * sign;
  const utcHour = hour - zoneHour * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
}

export function isDateTime(text: string): boolean {
  const parts = text.split(/t|\s/i);
  return parts.length === 2 && isDate(parts[0]!) && isTime(parts[1]!);
}

export function isUri(text: string): boolean {
  return NOT_URI_FRAGMENT.test(text) && URI.test(text);
}

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** Returns every way `value` departs from the receipt schema; an empty list means it conforms. */
export function validateReceiptPayload(value: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const fail = (path: string, message: string) => issues.push({ path, message });
  if (!isObject(value)) {
    fail('', 'must be an object');
    return issues;
  }
  for (const key of REQUIRED) if (!(key in value)) fail('', `must have required property '${key}'`);
  for (const key of Object.keys(value)) {
    if (!REQUIRED.includes(key) && !OPTIONAL.includes(key)) fail(`/${key}`, 'must not be present');
  }
  const has = (key: string) => Object.prototype.hasOwnProperty.call(value, key);
  if (has('v') && value.v !== 1) fail('/v', 'must be 1');
  if (has('id') && !(typeof value.id === 'string' && isUuid(value.id))) fail('/id', 'must be a uuid');
  if (has('type') && !isOneOf(RECEIPT_TYPES, value.type)) fail('/type', 'must be a receipt type');
  if (has('decision') && !isOneOf(DECISIONS, value.decision)) fail('/decision', 'must be a decision');
  for (const key of ['issuedAt', 'validUntil']) {
    if (has(key) && !(typeof value[key] === 'string' && isDateTime(value[key]))) {
      fail(`/${key}`, 'must be a date-time');
    }
  }
  if (has('actor') && !isOneOf(ACTORS, value.actor)) fail('/actor', 'must be self or guardian');
  for (const key of ['locale', 'subject', 'nonce']) {
    if (has(key) && typeof value[key] !== 'string') fail(`/${key}`, 'must be a string');
  }
  if (has('page') && !(typeof value.page === 'string' && isUri(value.page))) fail('/page', 'must be a uri');
  if (has('seq') && !(isInteger(value.seq) && value.seq >= 0 && value.seq <= MAX_SEQ)) {
    fail('/seq', 'must be an integer from 0 to 2^53 - 1');
  }
  if (has('prev') && !(value.prev === null || (typeof value.prev === 'string' && HEX64.test(value.prev)))) {
    fail('/prev', 'must be null or 64 lowercase hex digits');
  }
  if (has('ephemeralKey') && typeof value.ephemeralKey !== 'boolean')
    fail('/ephemeralKey', 'must be a boolean');
  if (has('canon') && !(typeof value.canon === 'string' && CANON.test(value.canon))) {
    fail('/canon', 'must name an assent-text version');
  }
  if (has('documents')) {
    if (!Array.isArray(value.documents)) fail('/documents', 'must be an array');
    else
      for (let index = 0; index < value.documents.length; index++) {
        validateDocument(value.documents[index], `/documents/${index}`, fail);
      }
  }
  if (has('purposes')) {
    if (!isObject(value.purposes)) fail('/purposes', 'must be an object');
    else {
      for (const [key, granted] of Object.entries(value.purposes)) {
        if (typeof granted !== 'boolean') fail(`/purposes/${escapePointer(key)}`, 'must be a boolean');
      }
    }
  }
  if (has('method')) validateMethod(value.method, fail);
  if (has('extensions') && !isObject(value.extensions)) fail('/extensions', 'must be an object');
  return issues;
}

function validateDocument(
  document: unknown,
  path: string,
  fail: (path: string, message: string) => void,
): void {
  if (!isObject(document)) {
    fail(path, 'must be an object');
    return;
  }
  const keys = ['id', 'version', 'title', 'sha256', 'read'];
  for (const key of keys) if (!(key in document)) fail(path, `must have required property '${key}'`);
  for (const key of Object.keys(document))
    if (!keys.includes(key)) fail(`${path}/${key}`, 'must not be present');
  for (const key of ['id', 'version', 'title']) {
    if (key in document && typeof document[key] !== 'string') fail(`${path}/${key}`, 'must be a string');
  }
  if ('sha256' in document && !(typeof document.sha256 === 'string' && HEX64.test(document.sha256))) {
    fail(`${path}/sha256`, 'must be 64 lowercase hex digits');
  }
  if (!('read' in document)) return;
  const read = document.read;
  if (!isObject(read)) {
    fail(`${path}/read`, 'must be an object');
    return;
  }
  const readKeys = ['reachedEnd', 'dwellMs', 'keyClausesSeen', 'keyClausesTotal'];
  for (const key of readKeys)
    if (!(key in read)) fail(`${path}/read`, `must have required property '${key}'`);
  for (const key of Object.keys(read)) {
    if (!readKeys.includes(key) && key !== 'keyClauseIds') fail(`${path}/read/${key}`, 'must not be present');
  }
  if ('reachedEnd' in read && typeof read.reachedEnd !== 'boolean')
    fail(`${path}/read/reachedEnd`, 'must be a boolean');
  for (const key of ['dwellMs', 'keyClausesSeen', 'keyClausesTotal']) {
    if (key in read && !(isInteger(read[key]) && (read[key] as number) >= 0)) {
      fail(`${path}/read/${key}`, 'must be an integer >= 0');
    }
  }
  if ('keyClauseIds' in read) {
    const ids = read.keyClauseIds;
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
      fail(`${path}/read/keyClauseIds`, 'must be an array of strings');
    }
  }
}

function validateMethod(method: unknown, fail: (path: string, message: string) => void): void {
  if (!isObject(method)) {
    fail('/method', 'must be an object');
    return;
  }
  const keys = ['element', 'action', 'label'];
  for (const key of keys) if (!(key in method)) fail('/method', `must have required property '${key}'`);
  for (const key of Object.keys(method))
    if (!keys.includes(key)) fail(`/method/${key}`, 'must not be present');
  if ('element' in method && !isOneOf(RECEIPT_ELEMENTS, method.element))
    fail('/method/element', 'must be an element');
  for (const key of ['action', 'label']) {
    if (key in method && typeof method[key] !== 'string') fail(`/method/${key}`, 'must be a string');
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
