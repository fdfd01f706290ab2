/**
 * The cookie and purpose consent API (`Assent.consent` in the IIFE, `consent` in ESM). Every call goes to
 * the one engine of the page, whichever copy of the library made it.
 */
import { consentEngine, type ChoiceSource, type Choice, type ConsentSnapshot } from './engine.js';
import type { CookieConfig, CookieConfigInput } from './config.js';
import type { ConsentChangeDetail } from '../events/events.js';

export type { ConsentSnapshot, Choice, ChoiceSource, PromptReason, ConsentAction } from './engine.js';
export { ConsentEngine, consentEngine, localText } from './engine.js';
export { ConsentConfigError, validateConfig } from './config.js';
export type {
  CookieConfig,
  CookieConfigInput,
  CategoryConfig,
  ServiceConfig,
  CookieSpec,
  ConsentModeConfig,
  ConsentSignal,
  StorageConfig,
  LocalText,
  PermissionName,
} from './config.js';
export type { ConsentState } from './storage.js';

export const consent = {
  /** Sets the configuration (validated; see the README for its shape). */
  configure: (config: CookieConfigInput | CookieConfig): CookieConfig => consentEngine().configure(config),
  /** The current state: decision, categories, services, revision, times, receipt id, GPC, prompt reason. */
  get: (): ConsentSnapshot => consentEngine().get(),
  /** Whether a category or service is granted now. */
  has: (id: string): boolean => consentEngine().has(id),
  /** Calls `fn` after every change; returns a function that stops it. */
  on: (type: 'change', fn: (snapshot: ConsentSnapshot, detail: ConsentChangeDetail) => void): (() => void) =>
    consentEngine().on(type, fn),
  acceptAll: (source?: ChoiceSource): Promise<ConsentSnapshot> => consentEngine().acceptAll(source),
  rejectAll: (source?: ChoiceSource): Promise<ConsentSnapshot> => consentEngine().rejectAll(source),
  /** Withdraws every consent in one step. */
  withdraw: (source?: ChoiceSource): Promise<ConsentSnapshot> => consentEngine().withdraw(source),
  /** Saves a custom choice of categories and services. */
  save: (choice: Choice, source?: ChoiceSource): Promise<ConsentSnapshot> =>
    consentEngine().save(choice, source),
  /** Opens the cookie manager. */
  show: (): void => consentEngine().showManager(),
  /** Scans the page again for gated scripts and embeds. */
  scan: (): Promise<void> => consentEngine().scan(),
};
