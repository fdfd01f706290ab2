/**
 * A second, separately bundled copy of the receipts layer (as when a page loads the IIFE and an ESM
 * build): its own module instances, sharing the first copy's key, chain and outbox through the
 * page-wide registry.
 */
import { recordDecision } from '../../../src/consent/index.js';

const copy = {
  async record(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const recorded = await recordDecision({
        type: 'separate',
        decision: 'accepted',
        locale: 'en',
        purposes: { 'location-sharing': true },
        method: { element: 'api', action: 'accept', label: 'Allow' },
      });
      ids.push(recorded.id);
    }
    return ids;
  },
};

(window as unknown as { harnessCopy: typeof copy }).harnessCopy = copy;
