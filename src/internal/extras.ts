/**
 * The later half of the banner path. A `<script>` cannot split itself, so `assent-banner.iife.js` is
 * built with `__ASSENT_BANNER_SPLIT__` set: the `import()` calls behind {@link SCRIPT_EXTRAS} are dropped
 * from it at build time, and what they would load (signing, delivery, the cookie manager) arrives as a
 * second script, `assent-banner-extras.iife.js`, which hands its modules over through here. Everywhere
 * else (ESM, the full bundle, tests) the flag is false and those modules load with `import()`.
 */
import { shared } from './global.js';

declare const __ASSENT_BANNER_SPLIT__: boolean | undefined;

/** True only inside `assent-banner.iife.js`. */
export const SCRIPT_EXTRAS = typeof __ASSENT_BANNER_SPLIT__ === 'boolean' && __ASSENT_BANNER_SPLIT__;

interface ExtrasState {
  modules: Map<string, unknown>;
  /** Loads the extras script (registered by the banner script); resolves once it ran. */
  load?: () => Promise<void>;
}

function state(): ExtrasState {
  return shared('banner-extras', (): ExtrasState => ({ modules: new Map() }));
}

/** Called by the extras script: its modules, by name, for the banner script's lazy import points. */
export function provideExtras(modules: Record<string, unknown>): void {
  for (const [name, module] of Object.entries(modules)) state().modules.set(name, module);
}

/** Called by the banner script: how to load the extras script. */
export function setExtrasLoader(load: () => Promise<void>): void {
  state().load = load;
}

/** The extras module `name`, loading the extras script first when it has not run yet. */
export async function extrasModule<T>(name: string): Promise<T> {
  const s = state();
  if (!s.modules.has(name)) {
    if (!s.load) throw new Error(`Assent: ${name} is in the banner's extras script, and nothing loads it`);
    await s.load();
  }
  const module = s.modules.get(name);
  if (module === undefined) throw new Error(`Assent: the banner's extras script did not provide ${name}`);
  return module as T;
}
