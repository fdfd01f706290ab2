/**
 * The cookie choice rules, apart from their effects: given the configuration, the current choices and
 * what the person did, the new choices. No DOM, no storage, no events: the engine stores and applies
 * what this returns; the cookie manager shows it as a draft until it is saved.
 *
 * Every answer names every category and service of the configuration, and nothing else: ids that are
 * not configured (`__proto__`, `constructor`, typos) are ignored, and necessary categories and their
 * services are always on.
 */
import { own } from '../internal/own.js';
import { servicesOf, type CategoryConfig, type CookieConfig } from './config.js';
import type { StoredDecision } from './storage.js';

/** Category id -> granted, and service id -> granted. */
export interface Choices {
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
}

export type ChoiceAction =
  /** Every category and service on. */
  | { type: 'accept-all' }
  /** Everything off but the strictly necessary (also what a withdrawal stores). */
  | { type: 'reject-all' }
  /** A category switch: the category and all its services follow it. */
  | { type: 'toggle-category'; id: string; on: boolean }
  /** A service switch: its category is on while any of its services is. */
  | { type: 'toggle-service'; id: string; on: boolean }
  /** One service allowed (an embed placeholder): its category counts as granted for it alone. */
  | { type: 'grant-service'; id: string }
  /**
   * A custom choice: categories not named keep their current value; services follow their category
   * unless named; a category whose services were named is on exactly when one of them is.
   */
  | { type: 'save'; categories?: Record<string, boolean>; services?: Record<string, boolean> };

/** A boolean the caller gave for `id`, or undefined (nothing said, nothing usable, or inherited). */
function given(map: Record<string, boolean> | undefined, id: string): boolean | undefined {
  const value = own(map, id);
  return typeof value === 'boolean' ? value : undefined;
}

function categoryById(config: CookieConfig, id: string): CategoryConfig | undefined {
  return config.categories.find((category) => category.id === id);
}

function serviceById(config: CookieConfig, id: string) {
  return servicesOf(config).find(({ service }) => service.id === id);
}

/**
 * The choices for every configured id: a category keeps its current value (off when it has none),
 * a service its own (else its category's); necessary ones are on.
 */
export function completeChoices(config: CookieConfig, current: Partial<Choices>): Choices {
  const categories: Record<string, boolean> = {};
  for (const category of config.categories)
    categories[category.id] = !!category.necessary || given(current.categories, category.id) === true;
  const services: Record<string, boolean> = {};
  for (const { service, category } of servicesOf(config))
    services[service.id] =
      !!category.necessary || (given(current.services, service.id) ?? categories[category.id]!);
  return { categories, services };
}

/** Every id set to `on`, necessary ones on whatever `on` says. */
function allSetTo(config: CookieConfig, on: boolean): Choices {
  return completeChoices(config, {
    categories: Object.fromEntries(config.categories.map((c) => [c.id, on])),
    services: Object.fromEntries(servicesOf(config).map(({ service }) => [service.id, on])),
  });
}

/** The new choices after `action`, from `current` (neither is changed). */
export function applyChoice(config: CookieConfig, current: Partial<Choices>, action: ChoiceAction): Choices {
  const next = completeChoices(config, current);
  switch (action.type) {
    case 'accept-all':
      return allSetTo(config, true);
    case 'reject-all':
      return allSetTo(config, false);
    case 'toggle-category': {
      const category = categoryById(config, action.id);
      if (!category || category.necessary) return next;
      next.categories[category.id] = action.on === true;
      for (const service of category.services ?? []) next.services[service.id] = action.on === true;
      return next;
    }
    case 'toggle-service': {
      const found = serviceById(config, action.id);
      if (!found || found.category.necessary) return next;
      next.services[found.service.id] = action.on === true;
      next.categories[found.category.id] = (found.category.services ?? []).some((s) => next.services[s.id]);
      return next;
    }
    case 'grant-service': {
      const category = categoryById(config, action.id) ?? serviceById(config, action.id)?.category;
      if (!category) return next;
      // The category counts as granted for this one service only: its other services stay as they were.
      next.categories[category.id] = true;
      if (category.id !== action.id) next.services[action.id] = true;
      return next;
    }
    case 'save': {
      for (const category of config.categories) {
        if (category.necessary) continue;
        next.categories[category.id] = given(action.categories, category.id) ?? next.categories[category.id]!;
      }
      for (const { service, category } of servicesOf(config)) {
        if (category.necessary) continue;
        next.services[service.id] = given(action.services, service.id) ?? next.categories[category.id]!;
      }
      for (const category of config.categories) {
        const services = category.services ?? [];
        if (category.necessary || !services.some((s) => given(action.services, s.id) !== undefined)) continue;
        next.categories[category.id] = services.some((s) => next.services[s.id]);
      }
      return next;
    }
    default:
      return next;
  }
}

/**
 * What the manager's switches start from: the current choices, with a category shown on when one
 * of its services is (allowed on its own from a placeholder), as switching that service on does.
 */
export function editableChoices(config: CookieConfig, current: Partial<Choices>): Choices {
  const next = completeChoices(config, current);
  for (const category of config.categories)
    if (category.services?.some((service) => next.services[service.id])) next.categories[category.id] = true;
  return next;
}

/** How a saved choice is recorded: everything optional on, some of it, or none. */
export function decisionOf(config: CookieConfig, choices: Choices): Exclude<StoredDecision, 'withdrawn'> {
  const optional = config.categories.filter((c) => !c.necessary).map((c) => choices.categories[c.id]);
  if (optional.every(Boolean)) return 'accepted';
  return optional.some(Boolean) ? 'updated' : 'declined';
}
