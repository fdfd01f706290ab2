/** Kantara v1.1 and ISO/IEC TS 27560 (JSON-LD, W3C DPV) exports of verified receipts. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startReceiver, type RunningReceiver } from '../../src/receiver/server.js';
import {
  checkExportConfig,
  ExportConfigError,
  toIso27560,
  toKantara,
  type ExportConfig,
  type VerifiedReceipt,
} from '../../src/receiver/formats.js';
import { verifyReceipt } from '../../src/verify/index.js';
import { NodeSigner } from '../support/mint.js';

const config: ExportConfig = {
  controller: {
    name: '云帆科技有限公司',
    contact: '数据保护官',
    email: 'dpo@yunfan.example',
    phone: '+86-10-0000-0000',
    address: '北京市海淀区',
    url: 'https://yunfan.example',
  },
  jurisdiction: 'CN',
  withdrawalMethod: 'https://yunfan.example/privacy/withdraw',
  validity: 'P12M',
  purposeNames: { analytics: 'Analytics cookies' },
  piiCategories: ['online identifier'],
};

/** A receipt signed like a browser signs it, verified like the receiver verifies it. */
async function verified(overrides: Parameters<NodeSigner['next']>[0] = {}): Promise<VerifiedReceipt> {
  const signer = new NodeSigner();
  const { jws } = signer.next(overrides);
  const result = await verifyReceipt(jws);
  if (!result.ok) throw new Error(result.message);
  return {
    payload: result.payload,
    kid: result.kid,
    jwk: result.header.jwk,
    receivedAt: '2026-11-28T10:00:01.000Z',
  };
}

describe('Kantara Consent Receipt v1.1', () => {
  it('maps an accepted agreement: receipt fields, then configuration for what a receipt lacks', async () => {
    const receipt = await verified({ subject: 'user-42', issuedAt: '2026-11-28T10:00:00.000Z' });
    const kantara = toKantara(receipt, config);
    assert.equal(kantara.version, 'KI-CR-v1.1.0');
    assert.equal(kantara.consentReceiptID, receipt.payload.id);
    assert.equal(kantara.consentTimestamp, Date.parse('2026-11-28T10:00:00.000Z') / 1000);
    assert.equal(kantara.jurisdiction, 'CN');
    assert.equal(kantara.language, 'zh-CN');
    assert.equal(kantara.piiPrincipalId, 'user-42');
    assert.equal(kantara.collectionMethod, 'agreement-dialog accept: 同意并继续');
    assert.deepEqual(JSON.parse(kantara.publicKey!), receipt.jwk);
    assert.deepEqual(kantara.piiControllers, [
      {
        piiController: '云帆科技有限公司',
        contact: '数据保护官',
        address: '北京市海淀区',
        email: 'dpo@yunfan.example',
        phone: '+86-10-0000-0000',
        piiControllerUrl: 'https://yunfan.example',
      },
    ]);
    assert.equal(kantara.policyUrl, 'https://shop.example/register');
    assert.deepEqual(kantara.services, [
      {
        service: 'shop.example',
        purposes: [
          {
            purpose: '用户协议 (terms, version 3)',
            purposeCategory: ['agreement'],
            consentType: 'EXPLICIT',
            piiCategory: ['online identifier'],
            primaryPurpose: true,
            termination: 'https://yunfan.example/privacy/withdraw (valid P12M from consent)',
            thirdPartyDisclosure: false,
          },
        ],
      },
    ]);
    assert.equal(kantara.sensitive, false);
    assert.deepEqual(kantara.spiCat, []);
  });

  it('without a subject, names the browser key; cookie purposes granted become purposes', async () => {
    const receipt = await verified({
      type: 'cookie',
      decision: 'updated',
      documents: [],
      purposes: { analytics: true, marketing: false },
      method: { element: 'cookie-manager', action: 'save', label: 'Save' },
    });
    const kantara = toKantara(receipt, config);
    assert.equal(kantara.piiPrincipalId, `urn:assent:key:${receipt.kid}`);
    assert.deepEqual(
      kantara.services[0]!.purposes.map((purpose) => [purpose.purpose, purpose.primaryPurpose]),
      [['Analytics cookies', false]],
    );
  });

  it('a decline or withdrawal records no consented purpose', async () => {
    for (const decision of ['declined', 'withdrawn'] as const) {
      const kantara = toKantara(await verified({ decision }), config);
      assert.deepEqual(kantara.services[0]!.purposes, [], decision);
    }
  });
});

describe('ISO/IEC TS 27560 record (JSON-LD, DPV)', () => {
  it('maps status, time, notice, controller, jurisdiction, withdrawal and validity', async () => {
    const receipt = await verified({ subject: 'user-42' });
    const record = toIso27560(receipt, config) as Record<string, any>;
    assert.equal(record['@context'].dpv, 'https://w3id.org/dpv#');
    assert.equal(record['@type'], 'dpv:ConsentRecord');
    assert.equal(record['@id'], `urn:uuid:${receipt.payload.id}`);
    assert.deepEqual(record['dpv:hasConsentStatus'], { '@id': 'dpv:ConsentGiven' });
    assert.deepEqual(record['dpv:isIndicatedAtTime'], {
      '@value': receipt.payload.issuedAt,
      '@type': 'xsd:dateTime',
    });
    assert.deepEqual(record['dpv:hasDataSubject'], {
      '@type': 'dpv:DataSubject',
      'dpv:hasIdentifier': 'user-42',
    });
    assert.equal(record['dpv:hasDataController']['dpv:hasName'], '云帆科技有限公司');
    assert.deepEqual(record['dpv:hasDataController']['dpv:hasContact'], [
      '数据保护官',
      'mailto:dpo@yunfan.example',
      'tel:+86-10-0000-0000',
      'https://yunfan.example',
    ]);
    assert.equal(record['dpv:hasJurisdiction'], 'CN');
    assert.equal(record['dpv:hasWithdrawalMethod'], 'https://yunfan.example/privacy/withdraw');
    assert.deepEqual(record['dpv:hasDuration'], { '@type': 'dpv:TemporalDuration', 'rdf:value': 'P12M' });
    assert.deepEqual(record['dpv:hasNotice'], [
      {
        '@type': 'dpv:ConsentNotice',
        'dct:identifier': 'terms',
        'dct:title': '用户协议',
        'dct:hasVersion': '3',
        'dpv:hasIdentifier': `sha256:${'c'.repeat(64)}`,
      },
    ]);
    // Every prefixed term uses a prefix the context defines.
    const prefixes = new Set<string>();
    JSON.stringify(record, (key, value) => {
      for (const text of [key, typeof value === 'string' ? value : '']) {
        const match = /^([a-z]+):[A-Za-z]/.exec(text);
        if (match && !['urn', 'https', 'http', 'mailto', 'tel', 'sha256'].includes(match[1]!))
          prefixes.add(match[1]!);
      }
      return value;
    });
    assert.deepEqual([...prefixes].sort(), ['dct', 'dpv', 'rdf', 'xsd']);
  });

  it('maps each decision to its DPV consent status, per purpose too', async () => {
    const status = async (overrides: Parameters<NodeSigner['next']>[0]) =>
      (toIso27560(await verified(overrides), config) as Record<string, any>)['dpv:hasConsentStatus']['@id'];
    assert.equal(await status({ decision: 'declined' }), 'dpv:ConsentRefused');
    assert.equal(await status({ decision: 'withdrawn' }), 'dpv:ConsentWithdrawn');
    const cookie = toIso27560(
      await verified({
        type: 'cookie',
        decision: 'updated',
        documents: [],
        purposes: { analytics: true, marketing: false },
        method: { element: 'privacy-banner', action: 'save', label: 'Save' },
      }),
      config,
    ) as Record<string, any>;
    assert.equal(cookie['dpv:hasConsentStatus']['@id'], 'dpv:ConsentGiven');
    assert.deepEqual(
      cookie['dpv:hasPurpose'].map((purpose: any) => [
        purpose['dct:identifier'],
        purpose['dpv:hasConsentStatus']['@id'],
      ]),
      [
        ['analytics', 'dpv:ConsentGiven'],
        ['marketing', 'dpv:ConsentRefused'],
      ],
    );
    assert.equal(
      await status({ type: 'cookie', decision: 'updated', purposes: { a: false } }),
      'dpv:ConsentRefused',
    );
  });
});

describe('export configuration', () => {
  it('accepts a complete configuration and names the field of a bad one', () => {
    assert.deepEqual(checkExportConfig(JSON.parse(JSON.stringify(config))), config);
    const cases: [unknown, RegExp][] = [
      [null, /\(root\)/],
      [[], /\(root\)/],
      [{ ...config, controller: undefined }, /controller must/],
      [{ ...config, controller: { contact: 'x' } }, /controller\.name/],
      [{ ...config, controller: { name: 'x', contact: '' } }, /controller\.contact/],
      [{ ...config, controller: { ...config.controller, email: 5 } }, /controller\.email/],
      [{ ...config, jurisdiction: '' }, /jurisdiction/],
      [{ ...config, withdrawalMethod: undefined }, /withdrawalMethod/],
      [{ ...config, validity: '12 months' }, /validity/],
      [{ ...config, validity: 'P' }, /validity/],
      [{ ...config, purposeNames: { a: 1 } }, /purposeNames\.a/],
      [{ ...config, piiCategories: 'email' }, /piiCategories/],
      [{ ...config, sensitive: 'no' }, /sensitive/],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => checkExportConfig(input),
        (error: Error) => error instanceof ExportConfigError && message.test(error.message),
      );
    }
  });
});

describe('GET /api/receipts/:id?format= on the shipped receiver', () => {
  const dir = mkdtempSync(join(tmpdir(), 'assent-formats-'));
  const token = 'formats-read-token-0123456789';
  let configured: RunningReceiver;
  let plain: RunningReceiver;
  const signer = new NodeSigner();
  const { jws, payload } = signer.next({ subject: 'user-7' });

  before(async () => {
    configured = await startReceiver({
      port: 0,
      dataDir: join(dir, 'a'),
      readToken: token,
      exportConfig: config,
    });
    plain = await startReceiver({ port: 0, dataDir: join(dir, 'b'), readToken: token });
    for (const receiver of [configured, plain]) {
      const response = await fetch(`${receiver.url}/api/receipts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/jose' },
        body: jws,
      });
      assert.equal(response.status, 201);
    }
  });
  after(async () => {
    await configured?.close();
    await plain?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (receiver: RunningReceiver, query: string, auth = true) =>
    fetch(`${receiver.url}/api/receipts/${payload.id}${query}`, {
      headers: auth ? { Authorization: `Bearer ${token}` } : {},
    });

  it('answers the same records as the export functions, behind the read token', async () => {
    const stored = (await (await get(configured, '')).json()) as { receivedAt: string };
    const verifiedReceipt = await verifyReceipt(jws);
    if (!verifiedReceipt.ok) throw new Error(verifiedReceipt.message);
    const receipt = {
      payload: verifiedReceipt.payload,
      kid: verifiedReceipt.kid,
      jwk: verifiedReceipt.header.jwk,
      receivedAt: stored.receivedAt,
    };
    const kantara = await get(configured, '?format=kantara');
    assert.equal(kantara.status, 200);
    assert.deepEqual(await kantara.json(), toKantara(receipt, config));
    const iso = await get(configured, '?format=iso27560');
    assert.equal(iso.status, 200);
    assert.deepEqual(await iso.json(), toIso27560(receipt, config));
    assert.equal((await get(configured, '?format=kantara', false)).status, 401);
  });

  it('refuses an unknown format and a receiver without export configuration, without a 5xx', async () => {
    const bad = await get(configured, '?format=pdf');
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: string }).error, 'bad-format');
    const missing = await get(plain, '?format=iso27560');
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: string }).error, 'no-export-config');
    assert.equal(
      (
        await fetch(`${configured.url}/api/receipts/nope?format=kantara`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).status,
      404,
    );
  });
});
