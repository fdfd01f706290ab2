// Loads every story of the static Storybook build in Chromium; a story fails on a console error, an
// uncaught exception, an empty render, or an axe violation. Run after `npm run build-storybook`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/support/chromium.js';
import { serveStatic, type StaticServer } from '../test/support/static-server.js';

const STATIC_DIR = 'storybook-static';
const AXE = 'node_modules/axe-core/axe.min.js';

interface IndexEntry {
  id: string;
  type: 'story' | 'docs';
  title: string;
  name: string;
}

const index: { entries: Record<string, IndexEntry> } = existsSync(`${STATIC_DIR}/index.json`)
  ? JSON.parse(readFileSync(`${STATIC_DIR}/index.json`, 'utf8'))
  : { entries: {} };
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story');

describe('storybook static build', () => {
  let server: StaticServer;
  let browser: Browser;

  before(async () => {
    server = await serveStatic(STATIC_DIR);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('has stories', () => {
    assert.ok(existsSync(STATIC_DIR), `${STATIC_DIR}/ is missing: run npm run build-storybook first`);
    assert.ok(stories.length > 0, 'index.json lists no stories');
  });

  for (const story of stories) {
    test(`${story.title} / ${story.name}`, async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        // A failed request is reported below with its URL.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          problems.push(`console error: ${message.text()}`);
        }
      });
      page.on('response', (response) => {
        // Browsers ask for /favicon.ico on their own; Storybook's static build has none.
        if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
          problems.push(`HTTP ${response.status()}: ${response.url()}`);
        }
      });
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      try {
        await page.goto(`${server.url}/iframe.html?id=${story.id}&viewMode=story`);
        await page.waitForFunction(
          () => (document.querySelector('#storybook-root')?.childElementCount ?? 0) > 0,
          null,
          {
            timeout: 15000,
          },
        );
        // Let elements finish their first update (and any async document load) before checking.
        await page.waitForTimeout(300);
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
          const results = await axe.run(document.querySelector('#storybook-root')!, {
            resultTypes: ['violations'],
          });
          return results.violations.map(
            (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
          );
        });
        problems.push(...violations.map((v) => `axe: ${v}`));
        assert.deepEqual(problems, [], problems.join('\n'));
      } finally {
        await page.close();
      }
    });
  }
});
