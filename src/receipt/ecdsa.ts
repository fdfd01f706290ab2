/**
 * ECDSA signature malleability (P-256): if (r, s) verifies, so does (r, n − s). Receipts are
 * identified by the hash of their JWS, so a second valid form would be a second receipt (a false
 * fork, a conflict at the receiver). Signers emit the low form (s ≤ n/2) and verifiers refuse the
 * other, as Bitcoin (BIP 62/146) and Ethereum (EIP-2) do.
 */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_N = N >> 1n;

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function toBytes(value: bigint, length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}

/** n/2 as 32 big-endian bytes: compared byte by byte, s needs no BigInt (the receiver's hot path). */
const HALF_N_BYTES = toBytes(HALF_N, 32);

/** True when the raw r‖s signature (64 bytes) has s > n/2. */
export function isHighS(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  for (let i = 0; i < 32; i++) {
    const difference = signature[32 + i]! - HALF_N_BYTES[i]!;
    if (difference !== 0) return difference > 0;
  }
  return false;
}

const N_BYTES = toBytes(N, 32);

/** The same signature in its low-S form (a copy; unchanged when s is already low). */
export function toLowS(signature: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(signature);
  if (!isHighS(signature)) return out;
  // s := n − s, byte by byte with a borrow (the receiver signs a tree head per batch through here).
  let borrow = 0;
  for (let i = 31; i >= 0; i--) {
    const difference = N_BYTES[i]! - signature[32 + i]! - borrow;
    borrow = difference < 0 ? 1 : 0;
    out[32 + i] = difference & 0xff;
  }
  return out;
}

/** The other valid form of a signature: for tests that need a high-S twin. */
export function flipS(signature: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(signature);
  out.set(toBytes(N - toBigInt(signature.subarray(32)), 32), 32);
  return out;
}
