/**
 * The cookie and purpose configuration: what a site declares (categories, services, cookie patterns,
 * revision, expiry, storage, Consent Mode) and its validation. Mistakes come back as a list of precise
 * messages, so a host sees every problem at once instead of the first crash.
 */

/** A host-given text: one string for every language, or one per locale (`zh-CN`, `zh-TW`, `en`). */
export type LocalText = string | Partial<Record<'zh-CN' | 'zh-TW' | 'en', string>>;

/** A cookie (or cookie family) a service sets. */
export interface CookieSpec {
  /** Exact cookie name, or a regular expression (a `RegExp`, or a string with `regex: true`). */
  name: string | RegExp;
  regex?: boolean;
  /** Domain the cookie is set on (tried first when clearing; every suffix of the host is tried anyway). */
  domain?: string;
  /** Path the cookie is set on (tried first when clearing). */
  path?: string;
  provider?: LocalText;
  purpose?: LocalText;
  /** How long it lives, as shown to people, e.g. "2 years". */
  expiry?: LocalText;
}

export interface ServiceConfig {
  id: string;
  name?: LocalText;
  description?: LocalText;
  provider?: LocalText;
  /** Link to the provider's own privacy policy. */
  policyUrl?: string;
  cookies?: CookieSpec[];
  /** localStorage / sessionStorage keys (exact or regular expression) cleared with the cookies. */
  storageKeys?: (string | RegExp)[];
}

export type PermissionName =
  'geolocation' | 'camera' | 'microphone' | 'notifications' | 'clipboard' | 'contacts' | 'photos' | 'other';

export interface CategoryConfig {
  /** Lower-case id used in `data-consent`, the API and receipts, e.g. `analytics`. */
  id: string;
  title?: LocalText;
  description?: LocalText;
  /** Strictly necessary: always on, shown as such, never switchable. */
  necessary?: boolean;
  /** Sale, sharing or advertising: starts refused when the browser sends Global Privacy Control. */
  gpc?: boolean;
  /** Pre-selected in the manager before any decision (opt-out regimes). Never applies to `gpc` categories under GPC. */
  preselected?: boolean;
  /** `permission` marks an app permission purpose (location, camera…) rather than a cookie category. */
  kind?: 'cookies' | 'permission';
  /** For `kind: 'permission'`: which device permission the purpose needs. */
  permission?: PermissionName;
  services?: ServiceConfig[];
}

export type ConsentSignal =
  | 'ad_storage'
  | 'ad_user_data'
  | 'ad_personalization'
  | 'analytics_storage'
  | 'functionality_storage'
  | 'personalization_storage'
  | 'security_storage';

export const CONSENT_SIGNALS: readonly ConsentSignal[] = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
];

export interface ConsentModeConfig {
  /** Milliseconds Google tags wait for an `update` before using the defaults. Default 500. */
  waitForUpdate?: number;
  /** Default value per signal before any choice. Every signal defaults to `denied`. */
  defaults?: Partial<Record<ConsentSignal, 'granted' | 'denied'>>;
  /** Category or service id -> the signals it grants. Default: analytics, marketing/advertising, functional, personalization. */
  map?: Record<string, ConsentSignal[]>;
}

export interface StorageConfig {
  /**
   * Name of the cookie holding the decision. Default `assent_consent`, written as `__Host-assent_consent`
   * where the cookie can be one (secure context, no `domain`, path `/`): no other host can set it then.
   */
  name?: string;
  /**
   * Domain for sharing one decision across subdomains, e.g. `example.com`. Default: host only. Needs
   * `trustSubdomains: true`.
   */
  domain?: string;
  /**
   * Honour decisions that any subdomain of `domain` wrote. Without it a decision counts only if this
   * origin wrote it. With it, every subdomain (and whoever controls one) can set the decision for all.
   */
  trustSubdomains?: boolean;
  path?: string;
  sameSite?: 'Lax' | 'Strict' | 'None';
  /** Default: true on https. */
  secure?: boolean;
  /**
   * Optional same-origin endpoint that answers a POST of the stored value with a `Set-Cookie` of the same
   * cookie: server-set cookies escape Safari's 7-day cap on cookies written by script.
   */
  serverEndpoint?: string;
}

export interface CookieConfig {
  /** Changes whenever categories, services or their purposes change; a new revision asks again. */
  revision: string;
  /** Days a decision stays valid. Default 180. */
  expiryDays: number;
  /**
   * Hours after a refusal (something refused, rejected or withdrawn) during which the banner does not
   * ask again, even for a new revision; the person can still open the settings. Default 48.
   */
  refusalCooldownHours: number;
  categories: CategoryConfig[];
  storage: Required<Omit<StorageConfig, 'domain' | 'serverEndpoint' | 'secure' | 'trustSubdomains'>> &
    Pick<StorageConfig, 'domain' | 'serverEndpoint' | 'secure' | 'trustSubdomains'>;
  /** Google Consent Mode v2; off unless given. */
  consentMode?: ConsentModeConfig;
  /** What changed in this revision, shown with 「隐私设置已更新」. */
  changes?: LocalText;
  /** Reload the page after a withdrawal or rejection that revokes something granted (scripts that ran cannot be unloaded). */
  reloadOnRevoke?: boolean;
  /** Record "reject all" as a receipt too (default true). */
  recordDeclines: boolean;
  /**
   * The page's CSP script nonce. Once known (here, or from the nonce of Assent's own `<script>` in the
   * IIFE builds), only gated scripts carrying it are activated: injected markup never becomes script.
   */
  scriptNonce?: string;
}

/** What a host may write: everything but `categories` is optional. */
export type CookieConfigInput = Partial<Omit<CookieConfig, 'storage' | 'consentMode' | 'revision'>> & {
  revision?: string | number;
  storage?: StorageConfig;
  consentMode?: boolean | ConsentModeConfig;
};

/** Thrown (and reported as `assent-error` with code `invalid-config`) when a configuration has mistakes. */
export class ConsentConfigError extends Error {
  readonly code = 'invalid-config';
  constructor(readonly problems: string[]) {
    super(`Invalid cookie configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConsentConfigError';
  }
}

const ID = /^[a-z0-9][a-z0-9_.-]*$/;
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PERMISSIONS = new Set<PermissionName>([
  'geolocation',
  'camera',
  'microphone',
  'notifications',
  'clipboard',
  'contacts',
  'photos',
  'other',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkText(value: unknown, where: string, problems: string[]): void {
  if (value === undefined || typeof value === 'string') return;
  if (isObject(value) && Object.values(value).every((v) => typeof v === 'string')) return;
  problems.push(`${where} must be a string or an object of strings per locale ({"zh-CN": …, "en": …})`);
}

function checkPattern(value: unknown, regex: unknown, where: string, problems: string[]): void {
  if (value instanceof RegExp) return;
  if (typeof value !== 'string' || !value) {
    problems.push(`${where} must be a non-empty string or a RegExp`);
    return;
  }
  if (regex === true) {
    try {
      new RegExp(value);
    } catch (error) {
      problems.push(`${where} "${value}" is not a valid regular expression: ${(error as Error).message}`);
    }
  } else if (regex !== undefined && regex !== false) {
    problems.push(`${where.replace(/\.name$/, '')}.regex must be true or false`);
  } else if (!COOKIE_NAME.test(value)) {
    problems.push(`${where} "${value}" is not a valid cookie name (set "regex": true for a pattern)`);
  }
}

/** Validates `input` and returns the configuration with defaults filled in, or throws {@link ConsentConfigError}. */
export function validateConfig(input: unknown): CookieConfig {
  const problems: string[] = [];
  if (!isObject(input)) throw new ConsentConfigError(['the configuration must be an object']);
  const revisionInput = input.revision ?? '1';
  if (typeof revisionInput !== 'string' && typeof revisionInput !== 'number')
    problems.push('revision must be a string or a number');
  const expiryDays = input.expiryDays ?? 180;
  if (typeof expiryDays !== 'number' || !(expiryDays > 0) || expiryDays > 3650) {
    problems.push('expiryDays must be a number of days between 1 and 3650');
  }
  const refusalCooldownHours = input.refusalCooldownHours ?? 48;
  if (
    typeof refusalCooldownHours !== 'number' ||
    !(refusalCooldownHours >= 0) ||
    refusalCooldownHours > 24 * 3650
  ) {
    problems.push('refusalCooldownHours must be a number of hours from 0 to 87600');
  }
  const categories = input.categories;
  const ids = new Set<string>();
  const claim = (id: unknown, where: string) => {
    if (typeof id !== 'string' || !ID.test(id)) {
      problems.push(
        `${where}.id must be a lower-case id like "analytics" (letters, digits, _ . -), got ${JSON.stringify(id)}`,
      );
    } else if (ids.has(id)) {
      problems.push(`${where}.id "${id}" is used twice (category and service ids share one namespace)`);
    } else ids.add(id);
  };
  if (!Array.isArray(categories) || categories.length === 0) {
    problems.push('categories must be a non-empty array');
  } else {
    categories.forEach((category: unknown, i) => {
      const where = `categories[${i}]`;
      if (!isObject(category)) return void problems.push(`${where} must be an object`);
      claim(category.id, where);
      checkText(category.title, `${where}.title`, problems);
      checkText(category.description, `${where}.description`, problems);
      for (const flag of ['necessary', 'gpc', 'preselected'] as const) {
        if (category[flag] !== undefined && typeof category[flag] !== 'boolean')
          problems.push(`${where}.${flag} must be true or false`);
      }
      if (category.necessary && category.gpc)
        problems.push(`${where} cannot be both necessary and gpc (sale/sharing is never necessary)`);
      if (category.kind !== undefined && category.kind !== 'cookies' && category.kind !== 'permission') {
        problems.push(`${where}.kind must be "cookies" or "permission"`);
      }
      if (category.permission !== undefined && !PERMISSIONS.has(category.permission as PermissionName)) {
        problems.push(`${where}.permission must be one of ${[...PERMISSIONS].join(', ')}`);
      }
      if (category.services !== undefined && !Array.isArray(category.services)) {
        return void problems.push(`${where}.services must be an array`);
      }
      (category.services ?? []).forEach((service: unknown, j: number) => {
        const at = `${where}.services[${j}]`;
        if (!isObject(service)) return void problems.push(`${at} must be an object`);
        claim(service.id, at);
        checkText(service.name, `${at}.name`, problems);
        checkText(service.description, `${at}.description`, problems);
        checkText(service.provider, `${at}.provider`, problems);
        if (
          service.policyUrl !== undefined &&
          (typeof service.policyUrl !== 'string' || !/^(https?:|\/)/.test(service.policyUrl))
        ) {
          problems.push(`${at}.policyUrl must be an http(s) or site-relative URL`);
        }
        if (service.cookies !== undefined && !Array.isArray(service.cookies))
          return void problems.push(`${at}.cookies must be an array`);
        (service.cookies ?? []).forEach((cookie: unknown, k: number) => {
          const c = `${at}.cookies[${k}]`;
          if (!isObject(cookie)) return void problems.push(`${c} must be an object`);
          checkPattern(cookie.name, cookie.regex, `${c}.name`, problems);
          if (
            cookie.domain !== undefined &&
            (typeof cookie.domain !== 'string' || !/^\.?[a-z0-9.-]+$/i.test(cookie.domain))
          ) {
            problems.push(`${c}.domain must be a host name like "example.com"`);
          }
          if (
            cookie.path !== undefined &&
            (typeof cookie.path !== 'string' || !cookie.path.startsWith('/'))
          ) {
            problems.push(`${c}.path must start with "/"`);
          }
          for (const key of ['provider', 'purpose', 'expiry'] as const)
            checkText(cookie[key], `${c}.${key}`, problems);
        });
        if (service.storageKeys !== undefined && !Array.isArray(service.storageKeys))
          problems.push(`${at}.storageKeys must be an array`);
        (Array.isArray(service.storageKeys) ? service.storageKeys : []).forEach((key: unknown, k: number) => {
          if (!(key instanceof RegExp) && (typeof key !== 'string' || !key))
            problems.push(`${at}.storageKeys[${k}] must be a string or a RegExp`);
        });
      });
    });
  }

  const storage = input.storage ?? {};
  if (!isObject(storage)) problems.push('storage must be an object');
  else {
    if (storage.name !== undefined && (typeof storage.name !== 'string' || !COOKIE_NAME.test(storage.name)))
      problems.push('storage.name must be a valid cookie name');
    if (
      storage.domain !== undefined &&
      (typeof storage.domain !== 'string' || !/^\.?[a-z0-9.-]+\.[a-z0-9-]+$/i.test(storage.domain))
    ) {
      problems.push('storage.domain must be a registrable domain like "example.com"');
    } else if (storage.domain !== undefined && storage.trustSubdomains !== true) {
      problems.push(
        `storage.domain shares the decision with every subdomain of ${storage.domain}: set storage.trustSubdomains to true to accept decisions they write (any of them can then set one)`,
      );
    }
    if (storage.trustSubdomains !== undefined && typeof storage.trustSubdomains !== 'boolean')
      problems.push('storage.trustSubdomains must be true or false');
    if (storage.path !== undefined && (typeof storage.path !== 'string' || !storage.path.startsWith('/')))
      problems.push('storage.path must start with "/"');
    if (storage.sameSite !== undefined && !['Lax', 'Strict', 'None'].includes(storage.sameSite as string))
      problems.push('storage.sameSite must be "Lax", "Strict" or "None"');
    if (storage.secure !== undefined && typeof storage.secure !== 'boolean')
      problems.push('storage.secure must be true or false');
    if (storage.sameSite === 'None' && storage.secure === false)
      problems.push('storage.sameSite "None" requires secure cookies');
    if (
      storage.serverEndpoint !== undefined &&
      (typeof storage.serverEndpoint !== 'string' || !/^\/(?![/\\])/.test(storage.serverEndpoint))
    ) {
      // `//host/…` and `/\host/…` start with "/" too, but name another origin.
      problems.push('storage.serverEndpoint must be a same-origin path starting with "/"');
    }
  }

  let consentMode: ConsentModeConfig | undefined;
  if (input.consentMode === true) consentMode = {};
  else if (isObject(input.consentMode)) {
    consentMode = input.consentMode as ConsentModeConfig;
    const wait = consentMode.waitForUpdate;
    if (wait !== undefined && (typeof wait !== 'number' || wait < 0))
      problems.push('consentMode.waitForUpdate must be a number of milliseconds ≥ 0');
    for (const [signal, value] of Object.entries(consentMode.defaults ?? {})) {
      if (!CONSENT_SIGNALS.includes(signal as ConsentSignal))
        problems.push(
          `consentMode.defaults has unknown signal "${signal}" (known: ${CONSENT_SIGNALS.join(', ')})`,
        );
      if (value !== 'granted' && value !== 'denied')
        problems.push(`consentMode.defaults.${signal} must be "granted" or "denied"`);
    }
    for (const [id, signals] of Object.entries(consentMode.map ?? {})) {
      if (!ids.has(id)) problems.push(`consentMode.map names "${id}", which is no category or service`);
      if (!Array.isArray(signals)) problems.push(`consentMode.map.${id} must be an array of signals`);
      else
        for (const s of signals)
          if (!CONSENT_SIGNALS.includes(s)) problems.push(`consentMode.map.${id} has unknown signal "${s}"`);
    }
  } else if (input.consentMode !== undefined && input.consentMode !== false)
    problems.push('consentMode must be true, false or an object');

  checkText(input.changes, 'changes', problems);
  if (input.scriptNonce !== undefined && (typeof input.scriptNonce !== 'string' || !input.scriptNonce))
    problems.push("scriptNonce must be the non-empty nonce of the page's scripts");
  for (const flag of ['reloadOnRevoke', 'recordDeclines'] as const) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean')
      problems.push(`${flag} must be true or false`);
  }
  if (problems.length) throw new ConsentConfigError(problems);

  const s = storage as StorageConfig;
  return {
    revision: String(revisionInput),
    expiryDays: expiryDays as number,
    refusalCooldownHours: refusalCooldownHours as number,
    categories: categories as CategoryConfig[],
    storage: {
      name: s.name ?? 'assent_consent',
      path: s.path ?? '/',
      sameSite: s.sameSite ?? 'Lax',
      domain: s.domain,
      secure: s.secure,
      trustSubdomains: s.trustSubdomains === true,
      serverEndpoint: s.serverEndpoint,
    },
    consentMode,
    changes: input.changes as LocalText | undefined,
    reloadOnRevoke: input.reloadOnRevoke === true,
    recordDeclines: input.recordDeclines !== false,
    ...(typeof input.scriptNonce === 'string' ? { scriptNonce: input.scriptNonce } : {}),
  };
}

/**
 * Reads a configuration from `element`'s `config` property or its child `<script type="application/json">`.
 * Returns undefined when there is neither; throws {@link ConsentConfigError} on JSON mistakes.
 */
export function configFromElement(element: Element & { config?: unknown }): unknown {
  if (element.config !== undefined && element.config !== null) return element.config;
  const script = element.querySelector(':scope > script[type="application/json"]');
  if (!script) return undefined;
  try {
    return JSON.parse(script.textContent ?? '');
  } catch (error) {
    throw new ConsentConfigError([
      `the <script type="application/json"> in <${element.localName}> is not valid JSON: ${(error as Error).message}`,
    ]);
  }
}

/** All services of a configuration with the category each belongs to. */
export function servicesOf(config: CookieConfig): { service: ServiceConfig; category: CategoryConfig }[] {
  return config.categories.flatMap((category) =>
    (category.services ?? []).map((service) => ({ service, category })),
  );
}

/** Compiles a cookie or storage-key pattern to a tester. */
export function matcher(name: string | RegExp, regex?: boolean): (candidate: string) => boolean {
  if (name instanceof RegExp)
    return (candidate) => new RegExp(name.source, name.flags.replace('g', '')).test(candidate);
  if (regex) {
    const re = new RegExp(name);
    return (candidate) => re.test(candidate);
  }
  return (candidate) => candidate === name;
}
