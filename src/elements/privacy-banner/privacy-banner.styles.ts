import { css } from 'lit';
import { darkTokens } from './privacy-banner.dark.styles.js';

/** Tokens and controls shared by <privacy-banner> and <cookie-manager>: one look, one set of overrides. */
export const cookieUiTokens = css`
  :host {
    --_surface: var(--assent-banner-background, var(--assent-color-surface, #ffffff));
    --_text: var(--assent-banner-color, var(--assent-color-text, #1f2328));
    --_muted: var(--assent-color-muted, #59636e);
    --_border: var(--assent-color-border, #d1d9e0);
    --_accent: var(--assent-banner-accent, var(--assent-color-accent, #0969da));
    --_on-accent: var(--assent-color-on-accent, #ffffff);
    --_subtle: var(--assent-color-subtle, #f6f8fa);
    --_radius: var(--assent-radius, 12px);
    color-scheme: light;
    font-family: var(--assent-font-family, inherit);
    font-size: var(--assent-font-size, 1rem);
    line-height: 1.55;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }
  :host([theme='dark']) {
    ${darkTokens}
  }
  [hidden] {
    display: none !important;
  }
  /* The three choices carry equal weight: same size, same colours, same border. */
  .choice {
    flex: 1 1 0;
    min-inline-size: max-content;
    min-block-size: 2.75rem;
    padding: 0.5rem 1.1rem;
    border: 2px solid var(--assent-banner-button-border, var(--_accent));
    border-radius: var(--assent-button-radius, 8px);
    background: var(--assent-banner-button-background, var(--_surface));
    color: var(--assent-banner-button-color, var(--_text));
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .choice:hover {
    background: var(--_subtle);
  }
  .choice:focus-visible,
  a:focus-visible,
  input:focus-visible,
  summary:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  a {
    color: var(--_accent);
  }
`;

export const privacyBannerStyles = [
  cookieUiTokens,
  css`
    :host {
      display: none;
      z-index: var(--assent-banner-z-index, 2147483000);
    }
    :host([open]) {
      display: block;
    }
    /* Overlay positions take no space in the page flow, so they cannot shift it. */
    :host([open][position='bottom']),
    :host([open]:not([position])),
    :host([open][position='top']) {
      position: fixed;
      inset-inline: 0;
    }
    :host([open][position='bottom']),
    :host([open]:not([position])) {
      inset-block-end: 0;
    }
    :host([open][position='top']) {
      inset-block-start: 0;
    }
    .bar {
      box-sizing: border-box;
      max-block-size: var(--assent-banner-max-height, 60vh);
      overflow: auto;
      padding: var(--assent-banner-padding, 1rem 1.25rem);
      background: var(--_surface);
      color: var(--_text);
      border-block: 1px solid var(--_border);
      box-shadow: var(--assent-banner-shadow, 0 -4px 18px rgb(0 0 0 / 0.12));
    }
    :host([position='inline']) .bar {
      box-shadow: none;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .inner {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem 1.5rem;
      max-inline-size: var(--assent-banner-width, 72rem);
      margin-inline: auto;
    }
    .text {
      flex: 1 1 28rem;
      min-inline-size: 0;
    }
    h2 {
      margin: 0 0 0.25rem;
      font-size: 1.05em;
      line-height: 1.4;
    }
    p {
      margin: 0 0 0.35rem;
    }
    .notice {
      padding: 0.35rem 0.6rem;
      border-inline-start: 4px solid var(--_accent);
      border-radius: 4px;
      background: var(--_subtle);
      font-size: 0.93em;
    }
    .actions {
      display: flex;
      flex: 1 1 22rem;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    dialog {
      box-sizing: border-box;
      inline-size: min(var(--assent-banner-dialog-width, 36rem), calc(100vw - 2rem));
      max-block-size: min(90dvh, 40rem);
      padding: 1.25rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
    }
    dialog::backdrop {
      background: var(--assent-banner-backdrop, rgb(0 0 0 / 0.45));
    }
    dialog .actions {
      margin-block-start: 1rem;
    }
    @media (max-width: 40rem) {
      .actions {
        flex-direction: column;
      }
      .choice {
        inline-size: 100%;
      }
    }
  `,
];
