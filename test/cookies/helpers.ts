import { render, type TemplateResult } from 'lit';
import { consentEngine } from '../../src/cookies/engine.js';
import type { CookieConfigInput } from '../../src/cookies/config.js';

declare global {
  interface Window {
    __gatedRuns?: string[];
    dataLayer?: unknown[];
    gtag?: (...args: unknown[]) => void;
  }
}

/**
 * Test files run side by side in one browser and share the origin's cookies: each page keeps its
 * decision in a cookie of its own, so one file's decision never closes another file's banner.
 */
export const PAGE_ID = Math.random().toString(36).slice(2, 8);
export const STATE_COOKIE = `assent_consent_${PAGE_ID}`;

/** A site configuration as a host would write it. */
export function siteConfig(overrides: Partial<CookieConfigInput> = {}): CookieConfigInput {
  return {
    revision: '2026-01',
    storage: { name: STATE_COOKIE },
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

/** Cookies the tests of this page may set (other pages' cookies are left alone). */
const TEST_COOKIES = [
  '_ga',
  '_ga_XYZ',
  '_ga_ABC',
  `_ga_${PAGE_ID}`,
  '_tag_id',
  'ad_id',
  'sid',
  'unrelated',
  'VISITOR_INFO1_LIVE',
];
const TEST_KEYS = ['ga:client', 'ga-session', 'app:theme'];

/** Clears this page's cookies (host-only, at `/` and at every prefix of this path) and forgets the engine's configuration. */
export function resetAll(): void {
  const segments = location.pathname.split('/').filter(Boolean);
  const paths = ['/'];
  let current = '';
  for (const s of segments) {
    current += `/${s}`;
    paths.push(current, `${current}/`);
  }
  for (const name of cookieNames().filter((n) => n.startsWith(STATE_COOKIE) || TEST_COOKIES.includes(n))) {
    for (const path of paths) document.cookie = `${name}=; max-age=0; path=${path}`;
  }
  for (const key of TEST_KEYS) localStorage.removeItem(key);
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

/**
 * Renders `template` into a container on the page and waits for the custom elements in it. Unlike
 * `fixture()` on a plain element it never waits for an animation frame, which a page in the background
 * (files run side by side; another page's key presses bring it to the front) may not get.
 */
export async function mount<T extends Element = HTMLElement>(template: TemplateResult): Promise<T> {
  const container = document.createElement('div');
  container.setAttribute('data-test-gated', '');
  document.body.append(container);
  render(template, container);
  const root = container.firstElementChild as T;
  const updates = [root, ...Array.from(root.querySelectorAll('*'))]
    .map((element) => (element as Element & { updateComplete?: Promise<unknown> }).updateComplete)
    .filter(Boolean);
  await Promise.all(updates);
  return root;
}
