import { consentEngine } from '../../src/cookies/engine.js';
import type { CookieConfigInput } from '../../src/cookies/config.js';

declare global {
  interface Window {
    __gatedRuns?: string[];
    dataLayer?: unknown[];
    gtag?: (...args: unknown[]) => void;
  }
}

/** A site configuration as a host would write it. */
export function siteConfig(overrides: Partial<CookieConfigInput> = {}): CookieConfigInput {
  return {
    revision: '2026-01',
    categories: [
      {
        id: 'necessary',
        necessary: true,
        services: [{ id: 'session', name: 'Session', cookies: [{ name: 'sid' }] }],
      },
      {
        id: 'analytics',
        services: [
          {
            id: 'ga',
            name: 'Google Analytics',
            provider: 'Google',
            cookies: [
              { name: '^_ga', regex: true, purpose: 'Tells visits apart', expiry: '2 years' },
              { name: '_tag_id' },
            ],
            storageKeys: ['ga:client', '/^ga-/'],
          },
        ],
      },
      {
        id: 'marketing',
        gpc: true,
        services: [
          { id: 'youtube', name: 'YouTube', cookies: [{ name: 'VISITOR_INFO1_LIVE' }] },
          { id: 'ads', name: 'Ad network', cookies: [{ name: 'ad_id' }] },
        ],
      },
    ],
    ...overrides,
  };
}

/** Every cookie name this page can see. */
export function cookieNames(): string[] {
  return document.cookie
    .split(';')
    .map((pair) => pair.split('=')[0]!.trim())
    .filter(Boolean);
}

/** Clears cookies (host-only, at `/` and at every prefix of this path) and forgets the engine's configuration. */
export function resetAll(): void {
  const segments = location.pathname.split('/').filter(Boolean);
  const paths = ['/'];
  let current = '';
  for (const s of segments) {
    current += `/${s}`;
    paths.push(current, `${current}/`);
  }
  for (const name of cookieNames()) {
    for (const path of paths) document.cookie = `${name}=; max-age=0; path=${path}`;
  }
  localStorage.clear();
  sessionStorage.clear();
  consentEngine().reset();
  delete window.__gatedRuns;
  document.querySelectorAll('[data-test-gated]').forEach((node) => node.remove());
}

/** Adds markup at the end of <body> (gated scripts stay inert: their type is text/plain). */
export function addMarkup(markup: string): HTMLElement {
  const holder = document.createElement('div');
  holder.setAttribute('data-test-gated', '');
  holder.innerHTML = markup;
  document.body.append(holder);
  return holder;
}

export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
