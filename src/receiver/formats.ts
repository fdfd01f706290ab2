/**
 * Exports of a verified receipt for other consent tooling: a Kantara Initiative Consent Receipt
 * (v1.1) and an ISO/IEC TS 27560 consent record as JSON-LD with W3C Data Privacy Vocabulary (DPV)
 * terms. A receipt says what a browser decided; who the controller is, where, how to withdraw and
 * for how long come from the receiver's configuration. Pure functions; the field mapping is
 * documented in docs/transparency-log.md.
 */
import type { PublicJwk } from '../receipt/jws.js';
import type { ReceiptPayload } from '../receipt/types.js';

export const EXPORT_FORMATS = ['kantara', 'iso27560'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What the receiver knows about itself and a receipt does not carry. */
export interface ExportConfig {
  controller: {
    name: string;
    /** A person or office to contact (Kantara `contact`). */
    contact: string;
    email?: string;
    phone?: string;
    address?: string;
    url?: string;
    /** The controller acts on behalf of another (Kantara `onBehalf`). */
    onBehalf?: boolean;
  };
  /** Where the controller is established: an ISO 3166 code (`CN`, `DE`) or `EU`. */
  jurisdiction: string;
  /** How a person withdraws consent: a URL or a description. */
  withdrawalMethod: string;
  /** How long consent holds, as an ISO 8601 duration (`P12M`); absent: until withdrawn. */
  validity?: string;
  /** The privacy policy's address; default: the page the decision was made on. */
  policyUrl?: string;
  /** The service's name; default: the host name of that page. */
  service?: string;
  /** Readable names of purpose ids (cookie categories, services). */
  purposeNames?: Record<string, string>;
  /** Kantara `piiCategory` for every purpose. */
  piiCategories?: string[];
  /** Kantara `sensitive` and `spiCat`. */
  sensitive?: boolean;
  sensitiveCategories?: string[];
}

/** A receipt that verified: its payload and who signed it. */
export interface VerifiedReceipt {
  payload: ReceiptPayload;
  /** RFC 7638 thumbprint of the browser key. */
  kid: string;
  jwk?: PublicJwk;
  /** When the receiver stored it. */
  receivedAt?: string;
}

export class ExportConfigError extends TypeError {
  override readonly name = 'ExportConfigError';
}

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

function text(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Checks a configuration read from a file or options; throws ExportConfigError naming the field. */
export function checkExportConfig(input: unknown): ExportConfig {
  const fail = (field: string, rule: string): never => {
    throw new ExportConfigError(`export configuration: ${field} ${rule}`);
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    fail('(root)', 'must be an object');
  const config = input as Record<string, unknown>;
  const controller = config.controller as Record<string, unknown> | undefined;
  if (typeof controller !== 'object' || controller === null) fail('controller', 'must be an object');
  if (!text(controller!.name)) fail('controller.name', 'must be a non-empty string');
  if (!text(controller!.contact)) fail('controller.contact', 'must be a non-empty string');
  for (const field of ['email', 'phone', 'address', 'url'] as const) {
    if (controller![field] !== undefined && !text(controller![field]))
      fail(`controller.${field}`, 'must be a string');
  }
  if (!text(config.jurisdiction)) fail('jurisdiction', 'must be a non-empty string (e.g. CN, EU)');
  if (!text(config.withdrawalMethod)) fail('withdrawalMethod', 'must be a URL or a description');
  if (
    config.validity !== undefined &&
    !(typeof config.validity === 'string' && DURATION.test(config.validity))
  ) {
    fail('validity', 'must be an ISO 8601 duration such as P12M');
  }
  for (const field of ['policyUrl', 'service'] as const) {
    if (config[field] !== undefined && !text(config[field])) fail(field, 'must be a string');
  }
  const names = config.purposeNames;
  if (names !== undefined) {
    if (typeof names !== 'object' || names === null || Array.isArray(names))
      fail('purposeNames', 'must be an object');
    for (const [key, value] of Object.entries(names as object)) {
      if (!text(value)) fail(`purposeNames.${key}`, 'must be a string');
    }
  }
  for (const field of ['piiCategories', 'sensitiveCategories'] as const) {
    const list = config[field];
    if (list !== undefined && !(Array.isArray(list) && list.every(text)))
      fail(field, 'must be a list of strings');
  }
  if (config.sensitive !== undefined && typeof config.sensitive !== 'boolean')
    fail('sensitive', 'must be true or false');
  return config as unknown as ExportConfig;
}

type Status = 'given' | 'refused' | 'withdrawn';

/** The status of the decision, and of each purpose it names. */
function statusOf(payload: ReceiptPayload): { status: Status; purposes: [string, Status][] } {
  const purposes = Object.entries(payload.purposes).map(([id, granted]): [string, Status] => [
    id,
    payload.decision === 'withdrawn' ? 'withdrawn' : granted ? 'given' : 'refused',
  ]);
  if (payload.decision === 'accepted') return { status: 'given', purposes };
  if (payload.decision === 'declined') return { status: 'refused', purposes };
  if (payload.decision === 'withdrawn') return { status: 'withdrawn', purposes };
  // `updated` (cookie settings saved): consent given when anything was granted.
  return { status: purposes.some(([, status]) => status === 'given') ? 'given' : 'refused', purposes };
}

function hostOf(page: string): string {
  try {
    return new URL(page).host || page;
  } catch {
    return page;
  }
}

/** The data subject: the host's own subject id when it bound one, else the browser key. */
function subjectOf(receipt: VerifiedReceipt): string {
  return receipt.payload.subject ?? `urn:assent:key:${receipt.kid}`;
}

function methodOf(payload: ReceiptPayload): string {
  return `${payload.method.element} ${payload.method.action}: ${payload.method.label}`;
}

function documentName(document: ReceiptPayload['documents'][number]): string {
  return `${document.title} (${document.id}, version ${document.version})`;
}

export interface KantaraPurpose {
  purpose: string;
  purposeCategory: string[];
  consentType: 'EXPLICIT';
  piiCategory: string[];
  primaryPurpose: boolean;
  termination: string;
  thirdPartyDisclosure: boolean;
}

/** Kantara Initiative Consent Receipt Specification v1.1 (`KI-CR-v1.1.0`). */
export interface KantaraReceipt {
  version: 'KI-CR-v1.1.0';
  jurisdiction: string;
  consentTimestamp: number;
  collectionMethod: string;
  consentReceiptID: string;
  publicKey?: string;
  language: string;
  piiPrincipalId: string;
  piiControllers: {
    piiController: string;
    onBehalf?: boolean;
    contact: string;
    address?: string;
    email?: string;
    phone?: string;
    piiControllerUrl?: string;
  }[];
  policyUrl: string;
  services: { service: string; purposes: KantaraPurpose[] }[];
  sensitive: boolean;
  spiCat: string[];
}

/**
 * A Kantara v1.1 consent receipt. Kantara records consent given: documents accepted and purposes
 * granted become its purposes; a decline or a withdrawal exports with no purposes, and
 * `termination` says how consent ends.
 */
export function toKantara(receipt: VerifiedReceipt, config: ExportConfig): KantaraReceipt {
  const { payload } = receipt;
  const { status, purposes } = statusOf(payload);
  const termination = config.validity
    ? `${config.withdrawalMethod} (valid ${config.validity} from consent)`
    : config.withdrawalMethod;
  const purpose = (name: string, category: string, primary: boolean): KantaraPurpose => ({
    purpose: name,
    purposeCategory: [category],
    consentType: 'EXPLICIT',
    piiCategory: config.piiCategories ?? [],
    primaryPurpose: primary,
    termination,
    thirdPartyDisclosure: false,
  });
  const given: KantaraPurpose[] =
    status !== 'given'
      ? []
      : [
          ...payload.documents.map((document) => purpose(documentName(document), payload.type, true)),
          ...purposes
            .filter(([, state]) => state === 'given')
            .map(([id]) => purpose(config.purposeNames?.[id] ?? id, payload.type, false)),
        ];
  const { controller } = config;
  return {
    version: 'KI-CR-v1.1.0',
    jurisdiction: config.jurisdiction,
    consentTimestamp: Math.floor(Date.parse(payload.issuedAt) / 1000),
    collectionMethod: methodOf(payload),
    consentReceiptID: payload.id,
    ...(receipt.jwk ? { publicKey: JSON.stringify(receipt.jwk) } : {}),
    language: payload.locale,
    piiPrincipalId: subjectOf(receipt),
    piiControllers: [
      {
        piiController: controller.name,
        ...(controller.onBehalf !== undefined ? { onBehalf: controller.onBehalf } : {}),
        contact: controller.contact,
        ...(controller.address ? { address: controller.address } : {}),
        ...(controller.email ? { email: controller.email } : {}),
        ...(controller.phone ? { phone: controller.phone } : {}),
        ...(controller.url ? { piiControllerUrl: controller.url } : {}),
      },
    ],
    policyUrl: config.policyUrl ?? payload.page,
    services: [{ service: config.service ?? hostOf(payload.page), purposes: given }],
    sensitive: config.sensitive ?? false,
    spiCat: config.sensitiveCategories ?? [],
  };
}

export const DPV_CONTEXT = {
  dpv: 'https://w3id.org/dpv#',
  dct: 'http://purl.org/dc/terms/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
} as const;

const DPV_STATUS: Record<Status, string> = {
  given: 'dpv:ConsentGiven',
  refused: 'dpv:ConsentRefused',
  withdrawn: 'dpv:ConsentWithdrawn',
};

/** ISO/IEC TS 27560 consent record as JSON-LD, with W3C DPV terms (as the TS's Annex A does). */
export function toIso27560(receipt: VerifiedReceipt, config: ExportConfig): Record<string, unknown> {
  const { payload } = receipt;
  const { status, purposes } = statusOf(payload);
  const { controller } = config;
  return {
    '@context': DPV_CONTEXT,
    '@id': `urn:uuid:${payload.id}`,
    '@type': 'dpv:ConsentRecord',
    'dct:identifier': payload.id,
    'dct:conformsTo': 'ISO/IEC TS 27560:2023',
    'dct:created': { '@value': receipt.receivedAt ?? payload.issuedAt, '@type': 'xsd:dateTime' },
    'dct:source': payload.page,
    'dct:language': payload.locale,
    'dpv:hasDataSubject': { '@type': 'dpv:DataSubject', 'dpv:hasIdentifier': subjectOf(receipt) },
    'dpv:hasDataController': {
      '@type': 'dpv:DataController',
      'dpv:hasName': controller.name,
      'dpv:hasContact': [
        controller.contact,
        ...(controller.email ? [`mailto:${controller.email}`] : []),
        ...(controller.phone ? [`tel:${controller.phone}`] : []),
        ...(controller.url ? [controller.url] : []),
      ],
      ...(controller.address ? { 'dpv:hasAddress': controller.address } : {}),
    },
    'dpv:hasJurisdiction': config.jurisdiction,
    'dpv:hasLegalBasis': { '@id': 'dpv:Consent' },
    'dpv:hasConsentStatus': { '@id': DPV_STATUS[status] },
    'dpv:isIndicatedBy': { '@id': 'dpv:DataSubject' },
    'dpv:isIndicatedAtTime': { '@value': payload.issuedAt, '@type': 'xsd:dateTime' },
    'dpv:hasIndicationMethod': methodOf(payload),
    'dpv:hasNotice': payload.documents.map((document) => ({
      '@type': 'dpv:ConsentNotice',
      'dct:identifier': document.id,
      'dct:title': document.title,
      'dct:hasVersion': document.version,
      'dpv:hasIdentifier': `sha256:${document.sha256}`,
      ...(config.policyUrl ? { 'dct:isPartOf': config.policyUrl } : {}),
    })),
    'dpv:hasPurpose': purposes.map(([id, state]) => ({
      '@type': 'dpv:Purpose',
      'dct:identifier': id,
      'dct:title': config.purposeNames?.[id] ?? id,
      'dpv:hasConsentStatus': { '@id': DPV_STATUS[state] },
    })),
    'dpv:hasWithdrawalMethod': config.withdrawalMethod,
    ...(config.validity
      ? { 'dpv:hasDuration': { '@type': 'dpv:TemporalDuration', 'rdf:value': config.validity } }
      : {}),
  };
}

/** One receipt in the asked format. */
export function exportReceipt(
  receipt: VerifiedReceipt,
  format: ExportFormat,
  config: ExportConfig,
): Record<string, unknown> {
  return format === 'kantara'
    ? (toKantara(receipt, config) as unknown as Record<string, unknown>)
    : toIso27560(receipt, config);
}
