/**
 * Elements that the banner path does not carry (the agreement dialog and its document parser) are loaded
 * only when a person asks for them. The banner bundle registers how (a `<script>` of the full bundle);
 * an ESM host has them already or registers its own loader.
 */
import { shared } from '../internal/global.js';

type Loader = () => Promise<void>;

function loaders(): Map<string, Loader> {
  return shared('on-demand-loaders', () => new Map<string, Loader>());
}

/** Registers how to load the element `tag` when it is needed and not yet defined. */
export function registerLoader(tag: string, load: Loader): void {
  loaders().set(tag, load);
}

/** Resolves once `tag` is defined, loading it through its registered loader when needed; false when it cannot be. */
export async function ensureDefined(tag: string): Promise<boolean> {
  if (customElements.get(tag)) return true;
  const load = loaders().get(tag);
  if (!load) return false;
  try {
    await load();
  } catch {
    return false;
  }
  await customElements.whenDefined(tag);
  return true;
}
