import { css } from 'lit';

export const consentCheckboxStyles = css`
  :host {
    --_accent: var(--assent-checkbox-accent, var(--assent-color-accent, #0969da));
    --_text: var(--assent-checkbox-color, var(--assent-color-text, inherit));
    display: inline-block;
    font: inherit;
    color: var(--_text);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_accent: var(--assent-checkbox-accent-dark, var(--assent-color-accent-dark, #4493f8));
    }
  }
  :host([theme='dark']) {
    --_accent: var(--assent-checkbox-accent-dark, var(--assent-color-accent-dark, #4493f8));
    color-scheme: dark;
  }
  :host([disabled]) {
    opacity: 0.6;
  }
  .base {
    display: inline-flex;
    align-items: flex-start;
    gap: var(--assent-checkbox-gap, 0.5em);
    border-radius: 4px;
  }
  label {
    cursor: pointer;
  }
  input {
    flex: none;
    inline-size: var(--assent-checkbox-size, 1.1em);
    block-size: var(--assent-checkbox-size, 1.1em);
    margin: 0.2em 0 0;
    accent-color: var(--_accent);
    cursor: pointer;
  }
  input:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .doc-link {
    /* inline-block drops the template's white space around the title inside the button. */
    display: inline-block;
    padding: 0;
    border: none;
    background: none;
    color: var(--_accent);
    font: inherit;
    text-decoration: underline;
    text-underline-offset: 0.15em;
    cursor: pointer;
  }
  .doc-link:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
    border-radius: 2px;
  }

  .hint {
    box-sizing: border-box;
    max-inline-size: min(22rem, calc(100vw - 16px));
    padding: 0.4em 0.75em;
    border: none;
    border-radius: 6px;
    background: var(--assent-hint-background, var(--assent-color-danger, #b42318));
    color: var(--assent-hint-color, #ffffff);
    font: inherit;
    font-size: 0.9em;
    line-height: 1.4;
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.2);
    overflow: visible;
    inset: auto;
  }
  .hint[hidden] {
    display: none;
  }

  /* A short shake draws the eye to the box; without motion, a steady outline does the same. */
  .attention {
    animation: assent-attention 0.45s ease-in-out;
  }
  @keyframes assent-attention {
    0%,
    100% {
      transform: none;
    }
    20%,
    60% {
      transform: translateX(-4px);
    }
    40%,
    80% {
      transform: translateX(4px);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .attention {
      animation: assent-attention-still 1.2s linear;
    }
    @keyframes assent-attention-still {
      0%,
      100% {
        outline: 2px solid var(--_accent);
        outline-offset: 3px;
      }
    }
  }
  @media (forced-colors: active) {
    .hint {
      border: 1px solid CanvasText;
    }
  }
`;
