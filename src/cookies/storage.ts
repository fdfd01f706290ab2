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
  /** This origin's token (see {@link originToken}): proves this origin wrote the decision. */
  o?: string;
}

/**
 * A decision counts only if this origin wrote it. A cookie can be set by any subdomain of a parent
 * domain (or by a man in the middle on http), localStorage only by this origin: the decision carries a
 * random token kept there, and a cookie without the matching token is no decision.
 */
export const ORIGIN_TOKEN_KEY = 'assent:consent-origin';

/** This origin's token; made on first write. Undefined where localStorage is unavailable. */
export function originToken(create = false): string | undefined {
  const area = safeStorage('localStorage');
  if (!area) return undefined;
  try {
    let token = area.getItem(ORIGIN_TOKEN_KEY) ?? undefined;
    if (!token && create) {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      token = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
      area.setItem(ORIGIN_TOKEN_KEY, token);
    }
    return token;
  } catch {
    return undefined;
  }
}

const DEFAULT_NAME = 'assent_consent';

/**
 * The decision cookie's name: the default gets the `__Host-` prefix where the cookie can carry it
 * (secure, no domain, path `/`), so that no other host, sibling or parent, can set one.
 */
export function cookieName(config: CookieConfig): string {
  const { storage } = config;
  const hostOnly = storage.name === DEFAULT_NAME && !storage.domain && storage.path === '/';
  return hostOnly && typeof location !== 'undefined' && secureDefault(storage)
    ? `__Host-${storage.name}`
    : storage.name;
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
    (s.receiptId === undefined || typeof s.receiptId === 'string') &&
    (s.o === undefined || typeof s.o === 'string');
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
  const token = originToken(true);
  if (token) state.o = token;
  const value = serializeState(state);
  const name = cookieName(config);
  const parts = [
    `${name}=${value}`,
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
      body: JSON.stringify({ name, value, expires: new Date(state.expiresAt).toISOString() }),
      keepalive: true,
    }).catch(() => undefined);
  }
}

/**
 * The stored decision, if this origin wrote it (or, with `trustSubdomains`, any subdomain did).
 * `onRefused` hears of a readable decision that is not bound to this origin.
 */
export function readState(config: CookieConfig, onRefused?: () => void): ConsentState | undefined {
  const name = cookieName(config);
  const state = parseState(readCookie(name));
  if (!state || config.storage.trustSubdomains) return state;
  const token = originToken();
  if (token !== undefined && state.o === token) return state;
  // No localStorage at all: only a `__Host-` cookie is known to come from this origin.
  if (token === undefined && !safeStorage('localStorage') && name.startsWith('__Host-')) return state;
  onRefused?.();
  return undefined;
}

export function eraseState(config: CookieConfig): void {
  expireEverywhere(cookieName(config), [config.storage.domain], [config.storage.path]);
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
        if (name === cookieName(config) || !test(name)) continue;
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
