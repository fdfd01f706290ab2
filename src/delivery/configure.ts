import { getCourier } from './courier.js';
import { configure as applyConfig, type ConfigOptions, type ConfigProblem } from '../consent/config.js';

/**
 * Merges `options` into the page's receipt settings (bad options are reported as `assent-error`
 * `invalid-config` and left out) and starts delivering whatever earlier page loads left in the outbox.
 * Returns the problems found.
 */
export function configure(options: ConfigOptions): ConfigProblem[] {
  const problems = applyConfig(options);
  getCourier().start();
  return problems;
}
