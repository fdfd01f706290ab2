/**
 * Signs receipts in Node exactly as the browser does (ES256 over RFC 8785 JSON, JWK + RFC 7638 kid
 * in the header). For tests and the benchmark: a stand-in browser key with its own chain.
 */
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { ReceiptPayload } from '../../src/receipt/types.js';
import { base64urlEncode } from '../../src/receipt/base64url.js';
import {
  RECEIPT_TYP,
  compactJws,
  jwsSigningInput,
  thumbprintInput,
  type PublicJwk,
} from '../../src/receipt/jws.js';

export class NodeSigner {
  readonly jwk: PublicJwk;
  readonly kid: string;
  private readonly privateKey: KeyObject;
  seq = 0;
  prev: string | null = null;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const exported = publicKey.export({ format: 'jwk' });
    this.jwk = { kty: 'EC', crv: 'P-256', x: exported.x!, y: exported.y! };
    this.kid = base64urlEncode(createHash('sha256').update(thumbprintInput(this.jwk)).digest());
    this.privateKey = privateKey;
  }

  /** Signs `payload` as given (no chain bookkeeping): for crafting odd receipts in tests. */
  signRaw(payload: unknown, header: Record<string, unknown> = {}): string {
    const protectedHeader = { alg: 'ES256', typ: RECEIPT_TYP, jwk: this.jwk, kid: this.kid, ...header };
    const input = jwsSigningInput(protectedHeader, payload);
    return compactJws(
      input,
      sign('sha256', Buffer.from(input), { key: this.privateKey, dsaEncoding: 'ieee-p1363' }),
    );
  }

  /** The next receipt of this key's chain, with `overrides` applied to a valid accepted agreement. */
  next(overrides: Partial<ReceiptPayload> = {}): { jws: string; payload: ReceiptPayload } {
    const payload: ReceiptPayload = {
      v: 1,
      id: randomUUID(),
      type: 'agreement',
      decision: 'accepted',
      issuedAt: new Date().toISOString(),
      locale: 'zh-CN',
      page: 'https://shop.example/register',
      seq: this.seq,
      prev: this.prev,
      canon: 'assent-text/1',
      documents: [
        {
          id: 'terms',
          version: '3',
          title: '用户协议',
          sha256: 'c'.repeat(64),
          read: { reachedEnd: true, dwellMs: 4200, keyClausesSeen: 3, keyClausesTotal: 3 },
        },
      ],
      purposes: {},
      method: { element: 'agreement-dialog', action: 'accept', label: '同意并继续' },
      ...overrides,
    };
    const jws = this.signRaw(payload);
    this.seq = payload.seq + 1;
    this.prev = createHash('sha256').update(jws).digest('hex');
    return { jws, payload };
  }
}
