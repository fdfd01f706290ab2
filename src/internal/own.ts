/**
 * Reading and merging host- or storage-supplied objects without reaching their prototype. JSON gives
 * `__proto__` as an ordinary own key; assigning it, or reading a key the object does not own (an id
 * named `constructor`), would reach `Object.prototype` instead.
 */

/** Keys a merge of outside data skips: writing them changes a prototype, not the object. */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isSafeKey(key: string): boolean {
  return !UNSAFE_KEYS.has(key);
}

/** `record[key]` when `record` owns it; never a value inherited from `Object.prototype`. */
export function own<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `record[key]` as an own property, even for `__proto__` (plain assignment would set the prototype). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
