import { base64urlDecode, fromUtf8 } from '../../src/receipt/base64url.js';

/**
 * The decoded JSON of a compact JWS part (0 header, 1 payload), unverified: for reading what a test
 * made. UTF-8 throughout (`atob` alone turns 用户协议 into mojibake).
 */
export function decodeJwsPart(jws: string, part: 0 | 1 = 1): Record<string, unknown> {
  const bytes = base64urlDecode(jws.split('.')[part] ?? '');
  const text = bytes && fromUtf8(bytes);
  if (text === null || text === undefined) throw new Error(`JWS part ${part} is not base64url UTF-8`);
  return JSON.parse(text) as Record<string, unknown>;
}
