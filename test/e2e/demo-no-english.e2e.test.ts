/**
 * A Chinese page of the demo shows no English UI text: every element's UI is opened (the banner, the
 * cookie manager through "customise", each agreement dialog, the checkboxes and the consent history) and
 * the visible text of their shadow roots must contain none of the bundled English strings. The policy
 * texts are the host's, in Chinese; words both locales share ("Cookie", "GPC") are not English UI text.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { agreementStrings } from '../../src/i18n/resources/agreement.js';
import { commonStrings } from '../../src/i18n/resources/common.js';
import { cookieManagerStrings } from '../../src/i18n/resources/cookie-manager.js';
import { cookieStrings } from '../../src/i18n/resources/cookies.js';
import { historyStrings } from '../../src/i18n/resources/history.js';
import type { LocaleResources, StringTable } from '../../src/i18n/translator.js';
import { DEMO_PAGES, openDemo, type DemoSession } from './demo-harness.js';

// receipts.html and embed-video.html hold no Assent element (the embed placeholder is light DOM).
const PAGES = DEMO_PAGES.filter((path) => path !== '/receipts.html');
const RESOURCES: LocaleResources[] = [
  agreementStrings,
  commonStrings,
  cookieManagerStrings,
  cookieStrings,
  historyStrings,
];
const ELEMENTS = 'privacy-banner, cookie-manager, agreement-dialog, consent-checkbox, consent-history';

function strings(table: StringTable | undefined): string[] {
  return Object.values(table ?? {}).flatMap((value) =>
    typeof value === 'string' ? [value] : strings(value),
  );
}

/**
 * The English UI texts to look for: the literal pieces of every en string (placeholders cut out), longer
 * than three characters, with a Latin letter, and not found in a Chinese string as well.
 */
function englishFragments(): string[] {
  const chinese = RESOURCES.flatMap((resources) => [
    ...strings(resources['zh-CN']),
    ...strings(resources['zh-TW']),
  ]).join('\n');
  const fragments = RESOURCES.flatMap((resources) => strings(resources.en))
    .flatMap((text) => text.split(/\{\{[^}]*\}\}/))
    .map((piece) => piece.replace(/\s+/g, ' ').trim())
    .filter((piece) => piece.length > 3 && /[A-Za-z]/.test(piece) && !chinese.includes(piece));
  return [...new Set(fragments)];
}

/**
 * The visible text of every Assent element's shadow root (nested shadow roots too), one entry per
 * element. A string, not a function: tsx's helpers such as __name do not exist in the page.
 */
const VISIBLE_TEXTS = `(() => {
  const textOf = (root) => {
    const parts = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node instanceof Element) {
        if (node.shadowRoot) parts.push(textOf(node.shadowRoot));
        continue;
      }
      const parent = node.parentElement;
      if (!parent || parent.closest('style, script, template')) continue;
      if (!parent.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      parts.push(node.textContent || '');
    }
    return parts.join(' ');
  };
  return [...document.querySelectorAll(${JSON.stringify(ELEMENTS)})]
    .filter((element) => element.shadowRoot)
    .map((element) => ({
      element: '<' + element.localName + (element.id ? '#' + element.id : '') + '>',
      text: textOf(element.shadowRoot).replace(/\\s+/g, ' '),
    }));
})()`;

function visibleTexts(page: Page): Promise<{ element: string; text: string }[]> {
  return page.evaluate(VISIBLE_TEXTS);
}

let session: DemoSession;
const fragments = englishFragments();
/** Which elements were looked at, in which state, over all pages: the checks ran where they claim to. */
const looked = new Set<string>();

before(async () => {
  session = await openDemo({ warm: PAGES });
});
after(async () => {
  await session?.close();
});

test('the English strings to look for are many and plainly English', () => {
  assert.ok(fragments.length > 50, `only ${fragments.length} fragments`);
  assert.ok(fragments.includes('Accept all'), 'the banner’s "Accept all" is among them');
});

for (const path of PAGES) {
  test(`${path} in zh-CN shows no English UI text in any element`, async () => {
    const page = await session.freshPage('zh-CN');
    try {
      await page.goto(session.url(path), { waitUntil: 'networkidle' });
      const seen: { state: string; element: string; text: string }[] = [];
      const look = async (state: string) => {
        for (const entry of await visibleTexts(page)) {
          seen.push({ state, ...entry });
          looked.add(`${state.replace(/ \d+/, '')}: ${entry.element.replace(/#.*>/, '>')}`);
        }
      };
      await look('loaded');

      // The banner's "customise" opens the cookie manager.
      const customise = page.locator('privacy-banner [part~="customize"]');
      if (await customise.isVisible()) {
        await customise.click();
        await page.locator('cookie-manager [part~="base"]').first().waitFor({ state: 'visible' });
        await page.evaluate(() => {
          for (const details of document.querySelectorAll('cookie-manager'))
            for (const open of details.shadowRoot?.querySelectorAll('details') ?? []) open.open = true;
        });
        await look('cookie manager open');
        await page.evaluate(() =>
          Promise.all(
            [...document.querySelectorAll('cookie-manager')].map((m) =>
              (m as HTMLElement & { hide(): Promise<void> }).hide(),
            ),
          ),
        );
      }

      // Every agreement dialog, opened one at a time.
      const dialogs = await page.locator('agreement-dialog').count();
      for (let index = 0; index < dialogs; index++) {
        await page.evaluate(async (at) => {
          const dialog = document.querySelectorAll('agreement-dialog')[at] as HTMLElement & {
            show(): Promise<void>;
          };
          await customElements.whenDefined('agreement-dialog');
          await dialog.show();
        }, index);
        await look(`agreement dialog ${index + 1} open`);
        await page.evaluate(async (at) => {
          const dialog = document.querySelectorAll('agreement-dialog')[at] as HTMLElement & {
            hide(): Promise<void>;
          };
          await dialog.hide();
        }, index);
      }

      const english = seen.flatMap(({ state, element, text }) =>
        fragments
          .filter((fragment) => text.includes(fragment))
          .map((fragment) => `${state}: ${element} shows "${fragment}"`),
      );
      assert.ok(seen.length > 0, `no Assent element with a shadow root on ${path}`);
      assert.deepEqual(english, []);
    } finally {
      await page.context().close();
    }
  });
}

test('looked at every element, with the cookie manager and the agreement dialogs open', () => {
  for (const expected of [
    'loaded: <privacy-banner>',
    'loaded: <consent-checkbox>',
    'loaded: <consent-history>',
    'cookie manager open: <cookie-manager>',
    'agreement dialog open: <agreement-dialog>',
  ])
    assert.ok(looked.has(expected), `${expected} (looked at: ${[...looked].join(', ')})`);
});
