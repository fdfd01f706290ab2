// Loads every story of the static Storybook build in Chromium; a story fails on a console error, an
// uncaught exception, an empty render, or an axe violation. Then each element's Docs page in both
// languages and both themes (the toolbar's globals, given in the address so the page renders once,
// with them): the stories render inline in the docs (no frames, no modal covering the page), each one
// that follows the toolbar shows the element inside its box and the docs column, in that language
// and theme, with its main text at 4.5:1 or more, and axe's colour-contrast check passes.
// Run after `npm run build-storybook`.
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
          // The a11y addon runs axe on each story too; wait for its run to end rather than collide.
          let results: import('axe-core').AxeResults | undefined;
          for (let attempt = 0; results === undefined; attempt++) {
            try {
              results = await axe.run(document.querySelector('#storybook-root')!, {
                resultTypes: ['violations'],
              });
            } catch (error) {
              if (attempt >= 40 || !String(error).includes('already running')) throw error;
              await new Promise((wake) => setTimeout(wake, 250));
            }
          }
          return results!.violations.map(
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

  const docsPages = Object.values(index.entries).filter(
    (entry) => entry.type === 'docs' && entry.id.startsWith('elements-'),
  );
  /** Text each element shows in each language (from src/i18n/resources), in its own controls. */
  const MARKERS: Record<string, Record<string, RegExp>> = {
    'agreement-dialog': { 'zh-CN': /不同意/, en: /decline/i },
    'consent-checkbox': {
      'zh-CN': /我已阅读并同意|我单独同意/,
      en: /I have read and agree|I separately consent/,
    },
    'consent-history': { 'zh-CN': /我的授权记录/, en: /My consent records/ },
    'privacy-banner': { 'zh-CN': /全部接受/, en: /Accept all/ },
    'cookie-manager': { 'zh-CN': /全部接受/, en: /Accept all/ },
  };

  // Stories that pin a language or a theme (`globals`) do not follow the toolbar by design.
  const PINNED = /Chinese|English|Dark|Own Message/;
  /** Each element's surface colour per theme, to compare the two themes once both have run. */
  const surfaces = new Map<string, string>();

  for (const docs of docsPages) {
    const tag = docs.title.replace(/^Elements\//, '');
    const own = stories.filter((story) => story.title === docs.title);
    for (const locale of ['zh-CN', 'en']) {
      for (const theme of ['light', 'dark']) {
        test(
          `${docs.title} Docs page in ${locale}, ${theme}`,
          { skip: !MARKERS[tag] && `no text known for ${tag}` },
          async () => {
            const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
            // tsx keeps function names with a `__name` helper that the page does not have.
            await page.addInitScript('globalThis.__name = (fn) => fn');
            const problems: string[] = [];
            page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
            try {
              // Globals in the address apply before the first render: the page renders once, with them.
              await page.goto(
                `${server.url}/iframe.html?viewMode=docs&id=${docs.id}&globals=locale:${locale};theme:${theme}`,
              );
              const following = own.filter((story) => !PINNED.test(story.name)).map((story) => story.id);
              // Rendered and settled: every story's box is on the page, each following story shows the
              // element with text, and nothing changed for a second (play functions open dialogs).
              await page.waitForFunction(
                ({ name, ids }) => {
                  const w = window as unknown as { lastSeen?: string; sameFor?: number };
                  const boxes = [...document.querySelectorAll('#storybook-docs .assent-docs-story')];
                  const shown = ids.every((id) =>
                    boxes.some(
                      (box) =>
                        box.closest(`[id^="story--${id}"]`) &&
                        [...box.querySelectorAll(name)].some((el) => el.shadowRoot?.textContent?.trim()),
                    ),
                  );
                  const seen = boxes
                    .map((box) => {
                      const r = box.getBoundingClientRect();
                      return `${r.top},${r.height}:${[...box.querySelectorAll(name)].map((el) => el.shadowRoot?.textContent?.length).join()}`;
                    })
                    .join('|');
                  w.sameFor = shown && seen === w.lastSeen ? (w.sameFor ?? 0) + 1 : 0;
                  w.lastSeen = seen;
                  return w.sameFor >= 4;
                },
                { name: tag, ids: following },
                { timeout: 45_000, polling: 250 },
              );
              const seen = await page.evaluate(
                ({ name, ids, marker }) => {
                  const markerPattern = new RegExp(marker.source, marker.flags);
                  /**
                   * Visible text of a shadow root, without what `skip` matches (a document's own text), and
                   * the element showing the language marker (the main text).
                   */
                  const visibleText = (root: ShadowRoot, skip: string) => {
                    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                    let text = '';
                    let main: Element | undefined;
                    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                      let parent = node.parentElement;
                      if (!parent || parent.closest('style, script') || (skip && parent.closest(skip)))
                        continue;
                      // A slot's own content shows only while nothing is slotted; slots box nothing themselves.
                      const slot = parent.closest('slot');
                      if (slot && slot.assignedNodes().length > 0) continue;
                      while (parent.parentElement && getComputedStyle(parent).display === 'contents')
                        parent = parent.parentElement;
                      if (!parent.checkVisibility({ visibilityProperty: true })) continue;
                      text += node.textContent;
                      if (!main && markerPattern.test(node.textContent ?? '')) main = parent;
                    }
                    return { text: text.replace(/\s+/g, ' '), main };
                  };
                  /** First opaque background up the flat tree (through shadow hosts). */
                  const backgroundOf = (element: Element) => {
                    for (let at: Element | null = element; at;) {
                      const colour = getComputedStyle(at).backgroundColor;
                      if (!/rgba\(.*, 0\)$|transparent/.test(colour)) return colour;
                      at = at.parentElement ?? ((at.getRootNode() as ShadowRoot).host || null);
                    }
                    return 'rgb(255, 255, 255)';
                  };
                  const column =
                    document.querySelector('.sbdocs-content') ?? document.querySelector('#storybook-docs');
                  const columnBox = column!.getBoundingClientRect();
                  const boxes = [
                    ...document.querySelectorAll<HTMLElement>('#storybook-docs .assent-docs-story'),
                  ];
                  const found = boxes
                    .map((box) => ({
                      box,
                      id: box.closest('.sb-story')?.id.replace(/^story--|--primary$/g, ''),
                    }))
                    .filter(({ id }) => id && ids.includes(id))
                    .flatMap(({ box, id }) =>
                      [...box.querySelectorAll(name)].map((el) => {
                        const root = el.shadowRoot!;
                        // The visible surface: the open dialog or the element's base part, else the host.
                        const surface =
                          root.querySelector('dialog[open]') ?? root.querySelector('[part~="base"]') ?? el;
                        const r = surface.getBoundingClientRect();
                        const b = box.getBoundingClientRect();
                        const { text, main } = visibleText(
                          root,
                          name === 'agreement-dialog' ? '[part~="body"]' : '',
                        );
                        return {
                          id,
                          theme: el.getAttribute('theme'),
                          lang: el.closest('[lang]')?.getAttribute('lang'),
                          text,
                          modal: !!root.querySelector('dialog:modal'),
                          inBox:
                            r.width > 0 &&
                            r.height > 0 &&
                            r.left >= b.left - 1 &&
                            r.right <= b.right + 1 &&
                            r.top >= b.top - 1 &&
                            r.bottom <= b.bottom + 1,
                          inColumn: r.left >= columnBox.left - 1 && r.right <= columnBox.right + 1,
                          surface: backgroundOf(surface),
                          mainText: main?.textContent?.trim(),
                          mainColour: main ? getComputedStyle(main).color : undefined,
                          mainBackground: main ? backgroundOf(main) : undefined,
                        };
                      }),
                    );
                  return {
                    found,
                    frames: document.querySelectorAll('#storybook-docs iframe').length,
                    boxes: boxes.length,
                  };
                },
                {
                  name: tag,
                  ids: following,
                  marker: { source: MARKERS[tag]![locale]!.source, flags: MARKERS[tag]![locale]!.flags },
                },
              );
              assert.equal(seen.frames, 0, 'stories render inline on the Docs page, not in frames');
              assert.ok(seen.boxes >= own.length, `${seen.boxes} story boxes for ${own.length} stories`);
              assert.deepEqual(
                following.filter((id) => !seen.found.some((el) => el.id === id)),
                [],
                'every story that follows the toolbar shows the element',
              );
              const marker = MARKERS[tag]!;
              const other = marker[locale === 'en' ? 'zh-CN' : 'en']!;
              let shown = 0;
              for (const el of seen.found) {
                assert.ok(!el.modal, `${el.id}: a modal dialog (it would cover the docs)`);
                assert.ok(el.inBox, `${el.id}: the element is outside its story's box`);
                assert.ok(el.inColumn, `${el.id}: the element is outside the docs column`);
                assert.equal(el.theme, theme, `${el.id}: theme`);
                assert.equal(el.lang, locale, `${el.id}: language`);
                if (!el.text.trim()) continue; // e.g. a dialog the story closed
                shown++;
                assert.ok(
                  marker[locale]!.test(el.text),
                  `${el.id}: no ${marker[locale]} in ${el.text.slice(0, 200)}`,
                );
                assert.ok(!other.test(el.text), `${el.id}: ${other} in ${locale}: ${el.text.slice(0, 200)}`);
                if (locale === 'zh-CN') assert.match(el.text, /\p{Script=Han}/u, `${el.id}: no Chinese text`);
                assert.ok(el.mainColour && el.mainBackground, `${el.id}: no element shows ${marker[locale]}`);
                const ratio = contrast(el.mainColour!, el.mainBackground!);
                assert.ok(
                  ratio >= 4.5,
                  `${el.id}: "${el.mainText}" ${el.mainColour} on ${el.mainBackground} is ${ratio.toFixed(2)}:1`,
                );
                const lightness = luminance(el.surface);
                if (theme === 'dark') assert.ok(lightness < 0.2, `${el.id}: dark surface ${el.surface}`);
                else assert.ok(lightness > 0.6, `${el.id}: light surface ${el.surface}`);
              }
              assert.ok(shown > 0, 'no story showed the element with text');
              const surface = seen.found.find((el) => el.text.trim())!.surface;
              surfaces.set(`${tag} ${locale} ${theme}`, surface);
              const opposite = surfaces.get(`${tag} ${locale} ${theme === 'dark' ? 'light' : 'dark'}`);
              if (opposite) assert.notEqual(surface, opposite, 'the two themes have the same surface');
              // Every story's box, not only the element's main text, passes axe's contrast check.
              await page.addScriptTag({ path: AXE });
              const contrastViolations = await page.evaluate(async () => {
                const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
                const results = await axe.run(
                  {
                    include: [...document.querySelectorAll('.assent-docs-story')].map((box) => [box]),
                  } as never,
                  { runOnly: ['color-contrast'], resultTypes: ['violations'] },
                );
                return results.violations.flatMap((v) =>
                  v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`),
                );
              });
              problems.push(...contrastViolations);
              assert.deepEqual(problems, [], problems.join('\n'));
            } finally {
              await page.close();
            }
          },
        );
      }
    }
  }
});

/** Relative luminance of a CSS `rgb()`/`rgba()` colour (WCAG 2). */
function luminance(colour: string): number {
  const [r, g, b] = colour
    .match(/[\d.]+/g)!
    .slice(0, 3)
    .map((channel) => {
      const c = Number(channel) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}
