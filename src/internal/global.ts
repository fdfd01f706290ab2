/**
 * One shared instance per page, whichever copies of the library are loaded (the IIFE and an ESM build
 * can sit on the same page). Each singleton lives on `globalThis[Symbol.for('assent')]`, created on
 * first use, never at import time, so imports stay SSR-safe.
 */
const GLOBAL_KEY = Symbol.for('assent');

export interface AssentGlobal {
  /** Library version of the copy that created the registry. */
  version: string;
  /** Named singletons (consent store, outbox, config, i18n...). */
  singletons: Map<string, unknown>;
}

declare const __ASSENT_VERSION__: string | undefined;
const VERSION = typeof __ASSENT_VERSION__ === 'string' ? __ASSENT_VERSION__ : '0.0.0-dev';

export function assentGlobal(): AssentGlobal {
  const holder = globalThis as unknown as Record<symbol, AssentGlobal | undefined>;
  let registry = holder[GLOBAL_KEY];
  if (!registry) {
    registry = { version: VERSION, singletons: new Map() };
    Object.defineProperty(globalThis, GLOBAL_KEY, { value: registry, configurable: true });
  }
  return registry;
}

/** The page-wide singleton named `name`, created by `create` the first time any copy asks. */
export function shared<T>(name: string, create: () => T): T {
  const { singletons } = assentGlobal();
  if (!singletons.has(name)) singletons.set(name, create());
  return singletons.get(name) as T;
}
