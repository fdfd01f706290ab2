import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import manifest from '../custom-elements.json';

// Docs pages (args, events, parts, CSS properties) come from the analyzer's manifest.
setCustomElementsManifest(manifest);

const TAGS = 'agreement-dialog, consent-checkbox, privacy-banner, cookie-manager, consent-history';
const LOCALES = ['zh-CN', 'zh-TW', 'en'];
const THEMES = ['light', 'dark'];

type Globals = { locale?: string; theme?: string };
type StorybookWindow = Window & {
  PREVIEW_URL?: string;
  __STORYBOOK_PREVIEW__?: unknown;
  __STORYBOOK_ADDONS_CHANNEL__?: {
    on(event: string, listener: (payload: { globals: Globals }) => void): void;
    emit(event: string, payload: unknown): void;
  };
};
const self = window as StorybookWindow;

// On a Docs page every story renders in its own frame (a modal dialog or a fixed banner then covers
// its frame, not the page). Those frames are loaded without the page's globals: pass them in the
// frames' address (the docs blocks build it from PREVIEW_URL), and relay later toolbar changes.
const urlGlobals = new URLSearchParams(location.search).get('globals');
if (urlGlobals)
  self.PREVIEW_URL = `iframe.html?globals=${encodeURIComponent(urlGlobals).replace(/%3A/g, ':').replace(/%3B/g, ';')}`;
self.__STORYBOOK_ADDONS_CHANNEL__?.on('globalsUpdated', ({ globals }) => {
  self.PREVIEW_URL = `iframe.html?globals=locale:${globals.locale};theme:${globals.theme}`;
});
const docsPage = window.parent !== window ? (window.parent as StorybookWindow) : undefined;
if (docsPage?.__STORYBOOK_PREVIEW__) {
  docsPage.__STORYBOOK_ADDONS_CHANNEL__?.on('globalsUpdated', ({ globals }) => {
    self.__STORYBOOK_ADDONS_CHANNEL__?.emit('updateGlobals', { globals });
  });
}

let observer: MutationObserver | undefined;

/**
 * Every story follows the toolbar's language and theme: the story's wrapper, any `lang` a story wrote,
 * and the `theme` of every element on the page (modal ones are appended to `body`). A story that must
 * show one language or theme pins it with `globals: { locale }` / `globals: { theme }`.
 */
const withLocaleAndTheme: Decorator = (story, context) => {
  const { locale = 'zh-CN', theme = 'light' } = context.globals as Globals;
  const apply = (): void => {
    document.documentElement.lang = locale;
    document.body.style.background = theme === 'dark' ? '#0d1117' : '';
    document.body.style.color = theme === 'dark' ? '#e6edf3' : '';
    context.canvasElement.querySelectorAll('[lang]').forEach((element) => {
      if (element.getAttribute('lang') !== locale) element.setAttribute('lang', locale);
    });
    document.querySelectorAll(TAGS).forEach((element) => {
      if (element.getAttribute('theme') !== theme) element.setAttribute('theme', theme);
    });
  };
  observer?.disconnect();
  observer = new MutationObserver(apply);
  observer.observe(document.body, { childList: true, subtree: true });
  setTimeout(apply);
  return html`<div lang=${locale} data-theme=${theme}>${story()}</div>`;
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withLocaleAndTheme],
  globalTypes: {
    locale: {
      description: 'Language of every story',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'zh-CN', title: '简体中文' },
          { value: 'zh-TW', title: '繁體中文' },
          { value: 'en', title: 'English' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Theme of every element',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: LOCALES[0], theme: THEMES[0] },
  parameters: {
    controls: { expanded: true },
    layout: 'padded',
    docs: { story: { inline: false, iframeHeight: 460 } },
    // Every story is checked by the a11y addon (axe) in its panel; the smoke test runs axe too.
    a11y: { test: 'error' },
  },
};

export default preview;
