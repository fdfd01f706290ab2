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

/** Marks a story rendered inline on a Docs page: modal and fixed elements stay inside it. */
const DOCS_STORY = 'assent-docs-story';

/** True when `node` sits (through shadow roots) inside a story on a Docs page. */
function inDocsStory(node: Node): boolean {
  for (let at: Node | null = node; at;) {
    if (at instanceof Element && at.classList.contains(DOCS_STORY)) return true;
    at = at.parentNode ?? (at instanceof ShadowRoot ? at.host : null);
  }
  return false;
}

// Docs pages render every story inline in one document. A modal dialog would leave its story for the
// top layer and cover the docs, so on a Docs page it opens in place instead (the story page keeps
// the real modal). The story's box contains fixed elements (a banner) the same way.
const showModal = HTMLDialogElement.prototype.showModal;
HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
  if (!inDocsStory(this)) return showModal.call(this);
  this.show();
  this.style.position = 'relative';
};

// An open dialog locks the page's scrolling; on a Docs page that page is the docs, which must scroll.
const docsStyle = document.createElement('style');
docsStyle.textContent = `
  html[data-assent-scroll-lock]:has(.${DOCS_STORY}) { overflow: auto !important; padding-inline-end: 0 !important; }
  .${DOCS_STORY} { position: relative; transform: translate(0); overflow: auto; padding: 1rem; }
  .${DOCS_STORY}[data-theme='dark'] { background: #0d1117; color: #e6edf3; }
`;
document.head.append(docsStyle);

let observer: MutationObserver | undefined;

/**
 * Every story follows the toolbar's language and theme: the story's wrapper, any `lang` a story wrote,
 * and the `theme` of every element on the page (modal ones are appended to `body`). A story that must
 * show one language or theme pins it with `globals: { locale }` / `globals: { theme }`. On a Docs page
 * the stories share one document, so each one applies its globals to its own box only.
 */
const withLocaleAndTheme: Decorator = (story, context) => {
  const { locale = 'zh-CN', theme = 'light' } = context.globals as Globals;
  const docs = context.viewMode === 'docs';
  const apply = (): void => {
    if (!docs) {
      document.documentElement.lang = locale;
      document.body.style.background = theme === 'dark' ? '#0d1117' : '';
      document.body.style.color = theme === 'dark' ? '#e6edf3' : '';
    }
    context.canvasElement.querySelectorAll('[lang]').forEach((element) => {
      if (element.getAttribute('lang') !== locale) element.setAttribute('lang', locale);
    });
    (docs ? context.canvasElement : document).querySelectorAll(TAGS).forEach((element) => {
      if (element.getAttribute('theme') !== theme) element.setAttribute('theme', theme);
    });
  };
  if (docs) {
    new MutationObserver(apply).observe(context.canvasElement, { childList: true, subtree: true });
  } else {
    observer?.disconnect();
    observer = new MutationObserver(apply);
    observer.observe(document.body, { childList: true, subtree: true });
  }
  setTimeout(apply);
  if (!docs) return html`<div lang=${locale} data-theme=${theme}>${story()}</div>`;
  const height = (context.parameters.docs as { story?: { height?: string } } | undefined)?.story?.height;
  return html`<div
    class=${DOCS_STORY}
    lang=${locale}
    data-theme=${theme}
    style="min-height: ${height ?? '0'}"
  >
    ${story()}
  </div>`;
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
    // Inline on Docs pages, with their play functions (which open the dialogs).
    docs: { story: { inline: true, autoplay: true, height: '120px' } },
    // Every story is checked by the a11y addon (axe) in its panel; the smoke test runs axe too.
    a11y: { test: 'error' },
  },
};

export default preview;
