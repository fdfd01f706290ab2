/**
 * Page-wide receipt and delivery settings. One instance per page (shared by the IIFE and ESM copies
 * through `shared()`); `configure()` merges, validates and reports bad values as `assent-error`
 * (code `invalid-config`) instead of throwing, so a typo never takes the host page down.
 */
import { reportError } from '../events/events.js';
import { assentGlobal, shared } from '../internal/global.js';
import type { ReceiptPayload } from '../receipt/types.js';

/** A value, or a function (sync or async) returning it, asked each time a receipt is made. */
export type Provider<T> = T | (() => T | Promise<T>);

export interface TransportContext {
  /** The endpoint the receipt would be POSTed to (config or the element's `endpoint`). */
  endpoint: string;
  /** Equals the receipt id. */
  idempotencyKey: string;
  /** What the host's `countersign` callback returned, if anything. */
  countersignature?: string;
  /** Aborted when the attempt times out. */
  signal: AbortSignal;
}

/**
 * Delivers one receipt the host's own way. Resolving means the backend acknowledged it; resolving
 * `false` or a non-2xx `Response`, or throwing, means it was not (it is retried).
 */
export type Transport = (jws: string, receipt: ReceiptPayload, context: TransportContext) => unknown;

/** Called once per signed receipt, before delivery; may return a host countersignature (sent along). */
export type Countersign = (jws: string, receipt: ReceiptPayload) => string | void | Promise<string | void>;

export interface BackoffOptions {
  /** Delay before the first retry (ms). */
  initialMs: number;
  /** Growth per attempt. */
  factor: number;
  /** Upper bound of one delay (ms). */
  maxMs: number;
}

export interface OutboxLimits {
  /** Receipts kept waiting at most; the oldest are dropped (and reported) beyond it. */
  maxEntries: number;
  /** Age after which an unacknowledged receipt is dropped (and reported). */
  maxAgeMs: number;
}

export interface AssentConfig {
  /** Where receipts are POSTed (relative to the page). */
  endpoint: string;
  /**
   * Further endpoints an element's `endpoint` attribute may name: exact URLs, or origins
   * (`https://receipts.example`) allowing any path there. Other cross-origin endpoints are refused
   * (`assent-error` `endpoint-not-allowed`); host headers and credentials go only to `endpoint` and these.
   */
  allowedEndpoints: string[];
  /** Extra request headers (e.g. a CSRF token), or a function returning them per request. */
  headers: Provider<Record<string, string>>;
  credentials: RequestCredentials;
  /** Replaces the POST with the host's own delivery. */
  transport?: Transport;
  countersign?: Countersign;
  /** Host subject id (e.g. a hashed account id); absent unless given. */
  subject?: Provider<string | null | undefined>;
  /** Host-issued challenge binding a receipt to a server session. */
  nonce?: Provider<string | null | undefined>;
  /** Keep the query string in `page`. */
  includeQuery: boolean;
  /** Without a secure context, send unsigned receipts (alg "none") instead of none at all. */
  allowUnsigned: boolean;
  /** Record declines (default); `false` records acceptances, withdrawals and updates only. */
  recordDeclines: boolean;
  /** Attempts before `receipt-delivery-failed`; the receipt stays in the outbox. */
  maxAttempts: number;
  backoff: BackoffOptions;
  /** One attempt is abandoned (and retried later) after this long (ms). */
  timeoutMs: number;
  outbox: OutboxLimits;
  /** A parked receipt (attempts used up) gets a new round of attempts after this long (ms). */
  retryParkedAfterMs: number;
  /**
   * IndexedDB database (and Web Lock prefix) holding the key, chain and outbox. Apps sharing one
   * origin can keep separate chains with separate names. Only before the first receipt.
   */
  storageName: string;
}

export type ConfigOptions = Partial<Omit<AssentConfig, 'backoff' | 'outbox'>> & {
  backoff?: Partial<BackoffOptions>;
  outbox?: Partial<OutboxLimits>;
};

export const DEFAULT_CONFIG: Readonly<AssentConfig> = Object.freeze({
  endpoint: '/api/receipts',
  allowedEndpoints: [] as string[],
  headers: {},
  credentials: 'same-origin',
  includeQuery: false,
  allowUnsigned: false,
  recordDeclines: true,
  maxAttempts: 10,
  backoff: { initialMs: 1000, factor: 2, maxMs: 5 * 60_000 },
  timeoutMs: 15_000,
  outbox: { maxEntries: 500, maxAgeMs: 90 * 24 * 3600_000 },
  retryParkedAfterMs: 24 * 3600_000,
  storageName: 'assent',
});

/** Headers the library sets itself; a host may not replace them. */
const RESERVED_HEADERS = new Set(['content-type', 'idempotency-key', 'content-length']);
const CREDENTIALS: RequestCredentials[] = ['omit', 'same-origin', 'include'];

interface ConfigState {
  current: AssentConfig;
  listeners: Set<(config: AssentConfig) => void>;
}

function state(): ConfigState {
  return shared('config', () => ({
    current: {
      ...DEFAULT_CONFIG,
      backoff: { ...DEFAULT_CONFIG.backoff },
      outbox: { ...DEFAULT_CONFIG.outbox },
    },
    listeners: new Set(),
  }));
}

/** The settings in force now. */
export function getConfig(): Readonly<AssentConfig> {
  return state().current;
}

/** Runs `listener` after every `configure()` (delivery uses it to resume with new settings). */
export function onConfigure(listener: (config: AssentConfig) => void): () => void {
  const { listeners } = state();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface ConfigProblem {
  option: string;
  message: string;
}

const isProvider = (value: unknown) =>
  value === undefined || typeof value === 'string' || typeof value === 'function';
const isPositiveInteger = (value: unknown) => Number.isInteger(value) && (value as number) > 0;
const isDuration = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;

function checkEndpoint(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty URL string';
  try {
    const base = typeof location !== 'undefined' ? location.href : 'http://localhost/';
    const url = new URL(value, base);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  } catch {
    return 'is not a valid URL';
  }
  return null;
}

/** Problems with `options`, one per bad option; empty when all is well. */
export function validateConfig(options: ConfigOptions): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const problem = (option: string, message: string) =>
    problems.push({ option, message: `${option} ${message}` });
  if (typeof options !== 'object' || options === null)
    return [{ option: '', message: 'options must be an object' }];
  const known = new Set<string>([
    ...Object.keys(DEFAULT_CONFIG),
    'transport',
    'countersign',
    'subject',
    'nonce',
  ]);
  for (const key of Object.keys(options)) if (!known.has(key)) problem(key, 'is not an option');

  if ('endpoint' in options) {
    const error = checkEndpoint(options.endpoint);
    if (error) problem('endpoint', error);
  }
  if ('allowedEndpoints' in options) {
    const list = options.allowedEndpoints;
    if (!Array.isArray(list)) problem('allowedEndpoints', 'must be an array of http(s) URLs or origins');
    else
      list.forEach((entry: unknown, i) => {
        const error = checkEndpoint(entry);
        if (error) problem(`allowedEndpoints[${i}]`, error);
      });
  }
  if ('headers' in options) {
    const headers = options.headers;
    if (typeof headers === 'object' && headers !== null && !Array.isArray(headers)) {
      for (const [name, value] of Object.entries(headers)) {
        if (typeof value !== 'string') problem(`headers.${name}`, 'must be a string');
        if (RESERVED_HEADERS.has(name.toLowerCase()))
          problem(`headers.${name}`, 'is set by Assent and cannot be replaced');
      }
    } else if (typeof headers !== 'function')
      problem('headers', 'must be an object of strings or a function');
  }
  if ('credentials' in options && !CREDENTIALS.includes(options.credentials as RequestCredentials)) {
    problem('credentials', `must be one of ${CREDENTIALS.join(', ')}`);
  }
  for (const key of ['transport', 'countersign'] as const) {
    if (key in options && options[key] !== undefined && typeof options[key] !== 'function')
      problem(key, 'must be a function');
  }
  for (const key of ['subject', 'nonce'] as const) {
    if (key in options && options[key] !== null && !isProvider(options[key]))
      problem(key, 'must be a string or a function');
  }
  for (const key of ['includeQuery', 'allowUnsigned', 'recordDeclines'] as const) {
    if (key in options && typeof options[key] !== 'boolean') problem(key, 'must be true or false');
  }
  if ('maxAttempts' in options && !isPositiveInteger(options.maxAttempts))
    problem('maxAttempts', 'must be a positive integer');
  if ('timeoutMs' in options && !(isDuration(options.timeoutMs) && options.timeoutMs! > 0)) {
    problem('timeoutMs', 'must be a positive number of milliseconds');
  }
  if ('retryParkedAfterMs' in options && !isDuration(options.retryParkedAfterMs)) {
    problem('retryParkedAfterMs', 'must be a number of milliseconds');
  }
  if ('backoff' in options) {
    const backoff = options.backoff;
    if (typeof backoff !== 'object' || backoff === null) problem('backoff', 'must be an object');
    else {
      if ('initialMs' in backoff && !isDuration(backoff.initialMs))
        problem('backoff.initialMs', 'must be a number of milliseconds');
      if ('maxMs' in backoff && !isDuration(backoff.maxMs))
        problem('backoff.maxMs', 'must be a number of milliseconds');
      if ('factor' in backoff && !(typeof backoff.factor === 'number' && backoff.factor >= 1)) {
        problem('backoff.factor', 'must be a number >= 1');
      }
    }
  }
  if ('storageName' in options) {
    const name = options.storageName;
    if (typeof name !== 'string' || !/^[\w.-]{1,64}$/.test(name)) {
      problem('storageName', 'must be 1 to 64 letters, digits, ".", "-" or "_"');
    } else if (openedStorageName() !== undefined && name !== openedStorageName()) {
      problem('storageName', 'can only be set before the first receipt is made or delivered');
    }
  }
  if ('outbox' in options) {
    const outbox = options.outbox;
    if (typeof outbox !== 'object' || outbox === null) problem('outbox', 'must be an object');
    else {
      if ('maxEntries' in outbox && !isPositiveInteger(outbox.maxEntries))
        problem('outbox.maxEntries', 'must be a positive integer');
      if ('maxAgeMs' in outbox && !(isDuration(outbox.maxAgeMs) && outbox.maxAgeMs! > 0)) {
        problem('outbox.maxAgeMs', 'must be a positive number of milliseconds');
      }
    }
  }
  return problems;
}

/**
 * Merges `options` into the page's settings. Bad options are left out and reported (an
 * `assent-error` with code `invalid-config` on `document`, one per problem); the good ones apply.
 * Returns the problems found.
 */
export function configure(options: ConfigOptions): ConfigProblem[] {
  const problems = validateConfig(options);
  for (const { message } of problems) reportError('invalid-config', message);
  if (typeof options !== 'object' || options === null) return problems;
  const bad = new Set(problems.map(({ option }) => option));
  const { current, listeners } = state();
  const next: AssentConfig = { ...current, backoff: { ...current.backoff }, outbox: { ...current.outbox } };
  const target = next as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(options)) {
    if (bad.has(key) || [...bad].some((option) => option.startsWith(`${key}.`))) continue;
    if (key === 'backoff' || key === 'outbox') {
      // Only the known members: `Object.assign` would also apply an own `__proto__` key from JSON.
      const into = target[key] as Record<string, unknown>;
      const from = value as Record<string, unknown>;
      for (const member of Object.keys(into)) if (Object.hasOwn(from, member)) into[member] = from[member];
    } else target[key] = value;
  }
  // A backoff that starts above its ceiling would make the ceiling meaningless.
  if (next.backoff.initialMs > next.backoff.maxMs) next.backoff.maxMs = next.backoff.initialMs;
  state().current = next;
  for (const listener of listeners) listener(next);
  return problems;
}

/** The storage name in use once storage was opened (it cannot change afterwards). */
function openedStorageName(): string | undefined {
  return assentGlobal().singletons.get('storage-name') as string | undefined;
}

/** Back to the defaults (tests, and hosts that reconfigure from scratch); storage stays where it is. */
export function resetConfig(): void {
  const { listeners } = state();
  state().current = {
    ...DEFAULT_CONFIG,
    backoff: { ...DEFAULT_CONFIG.backoff },
    outbox: { ...DEFAULT_CONFIG.outbox },
    storageName: openedStorageName() ?? DEFAULT_CONFIG.storageName,
  };
  for (const listener of listeners) listener(state().current);
}

/** Resolves a provider; `undefined` for no value. Throws what the host's function throws. */
export async function resolveProvider<T>(provider: Provider<T> | undefined): Promise<T | undefined> {
  if (typeof provider === 'function') return (provider as () => T | Promise<T>)();
  return provider;
}
