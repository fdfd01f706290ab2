/**
 * Base64url without padding (RFC 7515 §2), decoded strictly: only the 64 alphabet characters, no
 * padding, no whitespace, and the unused low bits of the last character must be zero. A lenient
 * decoder maps several strings to the same bytes, so a changed last character could still verify.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

const ALPHABET_ONLY = /^[A-Za-z0-9_-]*$/;
type NativeBuffer = { from(text: string, encoding: 'base64url'): Uint8Array };
/**
 * Node's native decoder, used once the strict checks passed (it would accept sloppy input itself).
 * Only in Node: a bundler's Buffer polyfill may not know base64url.
 */
const NodeBuffer = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node
  ? (globalThis as { Buffer?: NativeBuffer }).Buffer
  : undefined;

/** Decodes canonical unpadded base64url; returns null for anything else. */
export function base64urlDecode(text: string): Uint8Array | null {
  const length = text.length;
  if (length % 4 === 1) return null;
  if (NodeBuffer) {
    if (!ALPHABET_ONLY.test(text)) return null;
    const last = length > 0 ? VALUES[text.charCodeAt(length - 1)]! : 0;
    if ((length % 4 === 2 && (last & 0x0f) !== 0) || (length % 4 === 3 && (last & 0x03) !== 0)) return null;
    const decoded = NodeBuffer.from(text, 'base64url');
    return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  }
  return base64urlDecodePortable(text);
}

/** The same strict decoding in plain JavaScript (browsers). */
export function base64urlDecodePortable(text: string): Uint8Array | null {
  const length = text.length;
  if (length % 4 === 1) return null;
  const values = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? VALUES[code]! : -1;
    if (value < 0) return null;
    values[i] = value;
  }
  const tail = length % 4;
  // The bits after the last whole byte must be zero, or two strings would decode to the same bytes.
  if (tail === 2 && (values[length - 1]! & 0x0f) !== 0) return null;
  if (tail === 3 && (values[length - 1]! & 0x03) !== 0) return null;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    const n = (values[i]! << 18) | (values[i + 1]! << 12) | (values[i + 2]! << 6) | values[i + 3]!;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (tail === 2) {
    out[o++] = ((values[i]! << 2) | (values[i + 1]! >> 4)) & 255;
  } else if (tail === 3) {
    const n = (values[i]! << 12) | (values[i + 1]! << 6) | values[i + 2]!;
    out[o++] = n >> 10;
    out[o++] = (n >> 2) & 255;
  }
  return out;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** Strict UTF-8 decoding: returns null for invalid sequences instead of inserting U+FFFD. */
export function fromUtf8(bytes: Uint8Array): string | null {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return null;
  }
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_PAIRS[bytes[i]!]!;
  return out;
}
