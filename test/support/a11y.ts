// axe-core ships as a UMD script: importing it for its side effect defines `window.axe`.
import 'axe-core/axe.min.js';
import type { AxeResults, RunOptions } from 'axe-core';

declare global {
  interface Window {
    axe: { run(context: Element, options: RunOptions): Promise<AxeResults> };
  }
}

/**
 * Runs axe on `element` (and into its shadow root) and throws listing every violation.
 * Called in each state a test puts an element in, not once.
 */
export async function expectAccessible(element: Element, label = element.localName): Promise<void> {
  const results = await window.axe.run(element, { resultTypes: ['violations'] });
  if (results.violations.length) {
    const lines = results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`,
    );
    throw new Error(`axe found ${results.violations.length} violation(s) in ${label}:\n${lines.join('\n')}`);
  }
}
