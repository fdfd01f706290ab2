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

/**
 * Only plain JSON data whose objects list their members in code-unit order, with finite numbers:
 * what JSON.stringify and `canonicalize` write alike.
 */
function orderedPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!orderedPlainJson(value[i])) return false;
    return true;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && !(keys[i - 1]! < keys[i]!)) return false;
    if (!orderedPlainJson((value as Record<string, unknown>)[keys[i]!])) return false;
  }
  return true;
}

/**
 * Whether `text` is the RFC 8785 form of `value` (for a verifier: the value JSON.parse made of the
 * text it was signed as). The same answer as `canonicalize(value) === text`, at about half the cost
 * for the common yes: JSON.stringify writes numbers, strings and structure as RFC 8785 does, so when
 * it gives `text` back, every member is in order and no `\u` escape could hide a lone surrogate, the
 * text is canonical; anything else is decided by `canonicalize` itself.
 */
export function isCanonicalText(value: unknown, text: string): boolean {
  let plainlyCanonical = false;
  try {
    plainlyCanonical = JSON.stringify(value) === text && !text.includes('\\u') && orderedPlainJson(value);
  } catch {
    // Not plain JSON data (a BigInt, nesting too deep to walk): canonicalize decides.
  }
  if (plainlyCanonical) return true;
  try {
    return canonicalize(value) === text;
  } catch {
    return false;
  }
}
