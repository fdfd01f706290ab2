/**
 * Where the decision lives (a first-party cookie) and how refused cookies and storage keys are cleared.
 *
 * Limits of script-set cookies, stated plainly: Safari caps cookies written by `document.cookie` at 7 days
 * (hence `storage.serverEndpoint`), HttpOnly cookies are invisible to script and cannot be cleared here
 * (the server that set them must expire them), and a cookie's domain and path are not readable, so
 * clearing tries every domain suffix and path prefix that could hold it.
 */
import { matcher, servicesOf, type CookieConfig, type StorageConfig } from './config.js';

/** Stored-state format version; anything else is treated as no decision. */
export const STATE_VERSION = 1;

export type StoredDecision = 'accepted' | 'declined' | 'updated' | 'withdrawn';

/**
 * The decision as stored: what was chosen, for which revision, when, and the receipt that proves it.
 * `partial` is no decision: services allowed one by one from embed placeholders while the banner
 * still asks (older copies of the library read it as no decision at all).
 */
export interface ConsentState {
  v: typeof STATE_VERSION;
  decision: StoredDecision | 'partial';
  /** Category id -> granted (necessary ones always true); empty when `partial`. */
  categories: Record<string, boolean>;
  /** Service id -> granted; when `partial`, only the services allowed one by one. */
  services: Record<string, boolean>;
  revision: string;
  /** First decision under this revision (ms since epoch). */
  decidedAt: number;
  /** Latest change (ms since epoch). */
  updatedAt: number;
  expiresAt: number;
  receiptId?: string;
  /** Global Privacy Control was on when the choice was made. */
  gpc?: boolean;
  /** `partial` only: why the banner asked when the service was allowed (a newer revision, or expiry). */
  prompt?: 'revision' | 'expired';
}

function isBooleanMap(value: unknown): value is Record<string, boolean> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'boolean')
  );
}

/** Parses stored text; corrupt, foreign or future-version state gives undefined, never an exception. */
export function parseState(text: string | undefined | null): ConsentState | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(decodeURIComponent(text));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Partial<ConsentState>;
  const ok =
    s.v === STATE_VERSION &&
    (['accepted', 'declined', 'updated', 'withdrawn', 'partial'] as unknown[]).includes(s.decision) &&
    isBooleanMap(s.categories) &&
    isBooleanMap(s.services) &&
    typeof s.revision === 'string' &&
    [s.decidedAt, s.updatedAt, s.expiresAt].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    (s.receiptId === undefined || typeof s.receiptId === 'string');
  return ok ? (s as ConsentState) : undefined;
}

export function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const pair of document.cookie.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    if (pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

function secureDefault(storage: Pick<StorageConfig, 'secure'>): boolean {
  return storage.secure ?? location.protocol === 'https:';
}

/** Serialises the state for the cookie (URI-encoded JSON; a few hundred bytes for typical sites). */
export function serializeState(state: ConsentState): string {
  return encodeURIComponent(JSON.stringify(state));
}

export function writeState(config: CookieConfig, state: ConsentState): void {
  const { storage } = config;
  const value = serializeState(state);
  const parts = [
    `${storage.name}=${value}`,
    `path=${storage.path}`,
    `expires=${new Date(state.expiresAt).toUTCString()}`,
    `SameSite=${storage.sameSite}`,
  ];
  if (storage.domain) parts.push(`domain=${storage.domain}`);
  if (secureDefault(storage)) parts.push('Secure');
  document.cookie = parts.join('; ');
  if (storage.serverEndpoint) {
    // Asks the site's server to set the same cookie with Set-Cookie (not capped at 7 days by Safari).
    // Best effort: the script-set cookie above already holds the decision.
    void fetch(storage.serverEndpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: storage.name, value, expires: new Date(state.expiresAt).toISOString() }),
      keepalive: true,
    }).catch(() => undefined);
  }
}

export function readState(config: CookieConfig): ConsentState | undefined {
  return parseState(readCookie(config.storage.name));
}

export function eraseState(config: CookieConfig): void {
  expireEverywhere(config.storage.name, [config.storage.domain], [config.storage.path]);
}

/** Every domain a cookie visible here could be set on: host-only, the host, then each parent domain. */
export function candidateDomains(hostname: string): (string | undefined)[] {
  const labels = hostname.split('.');
  const domains: (string | undefined)[] = [undefined];
  // An IP address or a single-label host (localhost) cannot hold domain cookies.
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':') || labels.length < 2) return domains;
  for (let i = 0; i < labels.length - 1; i++) {
    const domain = labels.slice(i).join('.');
    domains.push(domain, `.${domain}`);
  }
  return domains;
}

/** Every path a cookie visible at `pathname` could be set on: `/`, then each prefix with and without its slash. */
export function candidatePaths(pathname: string): string[] {
  const paths = new Set<string>(['/']);
  const segments = pathname.split('/').filter(Boolean);
  let current = '';
  for (const segment of segments) {
    current += `/${segment}`;
    paths.add(current);
    paths.add(`${current}/`);
  }
  return [...paths];
}

function expireEverywhere(
  name: string,
  extraDomains: (string | undefined)[] = [],
  extraPaths: string[] = [],
): void {
  const domains = [...new Set([...extraDomains.filter(Boolean), ...candidateDomains(location.hostname)])];
  const paths = [...new Set([...extraPaths.filter(Boolean), ...candidatePaths(location.pathname)])];
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  for (const domain of domains) {
    for (const path of paths) {
      document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=${path}${domain ? `; domain=${domain}` : ''}${secure}`;
    }
  }
}

function storageKeyMatcher(key: string | RegExp): (candidate: string) => boolean {
  if (typeof key === 'string' && key.length > 2 && key.startsWith('/') && key.endsWith('/'))
    return matcher(key.slice(1, -1), true);
  return matcher(key);
}

function clearStorage(area: Storage | undefined, tests: ((key: string) => boolean)[]): string[] {
  if (!area || !tests.length) return [];
  const keys: string[] = [];
  for (let i = 0; i < area.length; i++) {
    const key = area.key(i);
    if (key !== null && tests.some((test) => test(key))) keys.push(key);
  }
  for (const key of keys) area.removeItem(key);
  return keys;
}

function safeStorage(name: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return globalThis[name];
  } catch {
    return undefined; // blocked storage (sandboxed iframe, privacy settings) throws on access
  }
}

/**
 * Clears the cookies and storage keys of every service whose id is in `refused`. Returns the cookie
 * names found and expired (HttpOnly cookies are never found: scripts cannot see them).
 */
export function clearRefused(config: CookieConfig, refused: Set<string>): string[] {
  const services = servicesOf(config)
    .filter(({ service }) => refused.has(service.id))
    .map(({ service }) => service);
  const present = document.cookie
    .split(';')
    .map((pair) => pair.split('=')[0]!.trim())
    .filter(Boolean);
  const cleared: string[] = [];
  for (const service of services) {
    for (const spec of service.cookies ?? []) {
      const test = matcher(spec.name, spec.regex);
      for (const name of present) {
        if (name === config.storage.name || !test(name)) continue;
        expireEverywhere(name, [spec.domain], [spec.path ?? '']);
        cleared.push(name);
      }
    }
    const keyTests = (service.storageKeys ?? []).map(storageKeyMatcher);
    clearStorage(safeStorage('localStorage'), keyTests);
    clearStorage(safeStorage('sessionStorage'), keyTests);
  }
  return [...new Set(cleared)];
}
