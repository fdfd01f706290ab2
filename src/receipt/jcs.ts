/**
 * RFC 8785 JSON Canonicalization Scheme for the JSON values receipts hold. ECMAScript's
 * `JSON.stringify` already serialises numbers and strings the way RFC 8785 §3.2.2 specifies; what
 * remains is sorting object members by UTF-16 code units and refusing what I-JSON forbids (lone
 * surrogates, non-finite numbers). Kept here rather than imported: the `canonicalize` package this
 * machine can use (2.x) is CommonJS only, which browsers cannot load as a module. Tests check this
 * against that package and the RFC's examples.
 */
export class CanonicalizationError extends Error {
  override readonly name = 'CanonicalizationError';
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function string(value: string): string {
  if (LONE_SURROGATE.test(value)) throw new CanonicalizationError('Lone surrogates cannot be canonicalised.');
  return JSON.stringify(value);
}

/** The canonical JSON text of `value` (plain JSON data: objects, arrays, strings, finite numbers, booleans, null). */
export function canonicalize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value))
        throw new CanonicalizationError('Only finite numbers can be canonicalised.');
      return JSON.stringify(value);
    case 'string':
      return string(value);
    case 'object': {
      // Plain loops and one string: a receiver canonicalises every receipt it takes.
      if (Array.isArray(value)) {
        let out = '[';
        // Holes read as undefined, which JSON writes as null, like JSON.stringify.
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          out += (i > 0 ? ',' : '') + (item === undefined ? 'null' : canonicalize(item));
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      if (typeof (record as { toJSON?: unknown }).toJSON === 'function') {
        return canonicalize((record as { toJSON(): unknown }).toJSON());
      }
      // Default sort compares UTF-16 code units, the order RFC 8785 §3.2.3 requires.
      const keys = Object.keys(record).sort();
      let out = '{';
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        out += `${out.length > 1 ? ',' : ''}${string(key)}:${canonicalize(member)}`;
      }
      return `${out}}`;
    }
    default:
      throw new CanonicalizationError(`A ${typeof value} cannot be canonicalised.`);
  }
}
