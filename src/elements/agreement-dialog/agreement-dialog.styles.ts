import { css } from 'lit';
import { visuallyHiddenStyles } from '../../internal/shared.styles.js';

/** Dark tokens, applied by `prefers-color-scheme: dark` (unless `theme="light"`) or by `theme="dark"`. */
const darkTokens = css`
  --_surface: var(--assent-dialog-background-dark, var(--assent-color-surface-dark, #161b22));
  --_text: var(--assent-dialog-color-dark, var(--assent-color-text-dark, #e6edf3));
  --_muted: var(--assent-color-muted-dark, #9ea7b3);
  --_border: var(--assent-dialog-border-dark, var(--assent-color-border-dark, #3d444d));
  --_accent: var(--assent-dialog-accent-dark, var(--assent-color-accent-dark, #4493f8));
  --_on-accent: var(--assent-color-on-accent-dark, #0d1117);
  --_subtle: var(--assent-color-subtle-dark, #21262d);
  color-scheme: dark;
`;

export const agreementDialogStyles = [
  visuallyHiddenStyles,
  css`
    :host {
      --_surface: var(--assent-dialog-background, var(--assent-color-surface, #ffffff));
      --_text: var(--assent-dialog-color, var(--assent-color-text, #1f2328));
      --_muted: var(--assent-color-muted, #59636e);
      --_border: var(--assent-dialog-border, var(--assent-color-border, #d1d9e0));
      --_accent: var(--assent-dialog-accent, var(--assent-color-accent, #0969da));
      --_on-accent: var(--assent-color-on-accent, #ffffff);
      --_subtle: var(--assent-color-subtle, #f6f8fa);
      --_radius: var(--assent-dialog-radius, var(--assent-radius, 12px));
      display: contents;
      color-scheme: light;
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light'])) {
        ${darkTokens}
      }
    }
    :host([theme='dark']) {
      ${darkTokens}
    }

    dialog {
      box-sizing: border-box;
      inline-size: min(var(--assent-dialog-width, 42rem), calc(100vw - 2rem));
      max-inline-size: none;
      max-block-size: var(--assent-dialog-max-height, min(90dvh, 52rem));
      padding: 0;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
      font-family: var(--assent-font-family, inherit);
      font-size: var(--assent-font-size, 1rem);
      line-height: 1.6;
      overflow: hidden;
    }
    dialog::backdrop {
      background: var(--assent-dialog-backdrop, rgb(0 0 0 / 0.5));
    }
    /* Frame inside the border box; only the body flexes, so the header, tabs and footer stay whole. */
    dialog[open] {
      display: flex;
      flex-direction: column;
    }
    .frame {
      display: flex;
      flex-direction: column;
      flex: 1 1 auto;
      min-block-size: 0;
      box-sizing: border-box;
    }

    header,
    .intro,
    .update-summary,
    .tabs,
    .doc-head,
    .toc,
    .progress,
    .dwell,
    .key-clauses,
    footer {
      flex: none;
    }
    header {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      padding: 1rem 1.25rem 0.5rem;
    }
    h2 {
      flex: 1;
      margin: 0;
      font-size: 1.15em;
      line-height: 1.4;
    }
    .close {
      display: inline-grid;
      place-items: center;
      inline-size: 2.25rem;
      block-size: 2.25rem;
      border: none;
      border-radius: 50%;
      background: transparent;
      color: var(--_muted);
      cursor: pointer;
    }
    .close:hover {
      background: var(--_subtle);
      color: var(--_text);
    }
    .intro:empty {
      display: none;
    }
    .intro {
      padding: 0 1.25rem;
    }

    .update-summary {
      margin: 0 1.25rem 0.5rem;
      padding: 0.5rem 0.75rem;
      border-inline-start: 4px solid var(--_accent);
      border-radius: 4px;
      background: var(--_subtle);
      /* Bounded by the viewport: the body keeps its minimum with the contents open. */
      max-block-size: min(9rem, 15dvh);
      overflow: auto;
      font-size: 0.92em;
    }
    .update-summary p,
    .update-summary ul {
      margin: 0.25rem 0;
    }
    .update-summary .notice {
      font-weight: 600;
    }

    .tabs {
      display: flex;
      gap: 0.25rem;
      padding: 0 1.25rem;
      border-block-end: 1px solid var(--_border);
      overflow-x: auto;
    }
    .tab {
      flex: none;
      padding: 0.5rem 0.75rem;
      border: none;
      border-block-end: 3px solid transparent;
      background: none;
      color: var(--_muted);
      font: inherit;
      cursor: pointer;
    }
    .tab[aria-selected='true'] {
      border-block-end-color: var(--_accent);
      color: var(--_text);
      font-weight: 600;
    }
    .read-mark {
      margin-inline-start: 0.35em;
      color: var(--_accent);
    }

    .panel {
      display: flex;
      flex-direction: column;
      /* Basis auto: WebKit sizes a column flexbox from the bases (0 collapsed the dialog). */
      flex: 1 1 auto;
      min-block-size: 0;
      padding: 0.5rem 1.25rem 0;
    }
    .panel[hidden] {
      display: none;
    }
    .doc-head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 1rem;
    }
    .doc-title {
      margin: 0;
      font-size: 1.05em;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 0 1rem;
      margin: 0;
      color: var(--_muted);
      font-size: 0.88em;
    }
    .meta .future {
      color: var(--_text);
      font-weight: 600;
    }
    .toc {
      margin: 0.25rem 0;
      font-size: 0.92em;
    }
    .toc summary {
      cursor: pointer;
      color: var(--_accent);
    }
    .toc ol {
      margin: 0.25rem 0;
      padding-inline-start: 1.25rem;
      max-block-size: min(10rem, 15dvh);
      overflow: auto;
      list-style: none;
    }
    .toc .level-2 {
      padding-inline-start: 1em;
    }
    .toc .level-3,
    .toc .level-4 {
      padding-inline-start: 2em;
    }
    a {
      color: var(--_accent);
    }

    /* Native <progress>: no inline style (strict CSP). */
    .progress {
      display: block;
      appearance: none;
      box-sizing: border-box;
      inline-size: 100%;
      block-size: 4px;
      margin: 0.25rem 0;
      border: none;
      border-radius: 2px;
      background: var(--_subtle);
      color: var(--_accent);
      overflow: hidden;
      /* Its value changes as people scroll: laid out and painted on its own, nothing else moves. */
      contain: strict;
    }
    .progress::-webkit-progress-bar {
      background: var(--_subtle);
    }
    .progress::-webkit-progress-value {
      background: var(--_accent);
    }
    .progress::-moz-progress-bar {
      background: var(--_accent);
    }

    .body {
      flex: 1 1 auto;
      min-block-size: 8rem;
      overflow: auto;
      overscroll-behavior: contain;
      padding: 0.25rem 0.75rem;
      border-block: 1px solid var(--_border);
    }
    .content {
      position: relative;
    }
    /*
     * A long text in chunks of a few thousand characters: only the chunks near the view are laid out,
     * the others keep an estimated (then their last) height. Shorter texts are laid out whole on
     * opening, like any page, so that scrolling them costs no layout at all.
     */
    .content.long > .chunk {
      content-visibility: auto;
      /* About the height of a chunk at the dialog's width; once laid out, its last height. */
      contain-intrinsic-block-size: auto 600px;
    }
    .content.long.cjk > .chunk {
      contain-intrinsic-block-size: auto 1250px;
    }
    /* Reading progress is measured when one of these marks, spread evenly over the text, crosses the view's edge. */
    .progress-marks {
      position: absolute;
      inset: 0;
      display: flex;
      flex-direction: column;
      justify-content: space-evenly;
      pointer-events: none;
    }
    .progress-marks > span {
      block-size: 1px;
    }
    .body:focus-visible,
    .end-marker:focus-visible,
    .key-clause:focus,
    .heading:focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    .body .heading {
      margin: 1em 0 0.4em;
      font-weight: 700;
    }
    .body .heading.level-1 {
      font-size: 1.1em;
    }
    .body p,
    .body ul,
    .body ol,
    .body blockquote,
    .body pre {
      margin: 0.5em 0;
    }
    .table-wrap {
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      font-size: 0.92em;
    }
    th,
    td {
      border: 1px solid var(--_border);
      padding: 0.25em 0.5em;
      text-align: start;
    }
    .badge {
      display: inline-block;
      padding: 0 0.4em;
      border-radius: 4px;
      background: var(--_accent);
      color: var(--_on-accent);
      font-size: 0.75em;
      font-weight: 600;
      vertical-align: middle;
    }

    /* Key clauses: bold + underline + an accent tint; the underline and weight survive forced colours. */
    .key-clause {
      font-weight: 700;
      text-decoration: underline;
      text-decoration-color: var(--_accent);
      text-decoration-thickness: 2px;
      text-underline-offset: 0.2em;
      background: var(--assent-key-clause-background, color-mix(in srgb, var(--_accent) 12%, transparent));
      border-radius: 2px;
    }
    @media (forced-colors: active) {
      .key-clause {
        text-decoration-color: Highlight;
        background: none;
      }
      .badge {
        background: Highlight;
        forced-color-adjust: none;
      }
      .progress {
        forced-color-adjust: none;
        background: Canvas;
        outline: 1px solid CanvasText;
      }
      /* Separate rules: an unknown pseudo-element would void a whole selector list. */
      .progress::-webkit-progress-value {
        background: Highlight;
      }
      .progress::-moz-progress-bar {
        background: Highlight;
      }
      .tab[aria-selected='true'] {
        border-block-end-color: Highlight;
      }
    }

    .end-marker {
      min-block-size: 1px;
      margin: 1.25em 0 0.5em;
      text-align: center;
      color: var(--_muted);
      font-size: 0.88em;
    }
    .placeholder {
      color: var(--_muted);
    }
    .dwell {
      margin: 0.25rem 0 0;
      color: var(--_text);
      font-size: 0.92em;
      font-variant-numeric: tabular-nums;
    }
    .key-clauses {
      display: flex;
      align-items: center;
      justify-content: flex-end;
      gap: 0.5rem;
      padding: 0.35rem 0;
      font-size: 0.9em;
    }
    .key-clauses .position {
      font-variant-numeric: tabular-nums;
    }
    .step {
      inline-size: 2rem;
      block-size: 2rem;
      border: 1px solid var(--_border);
      border-radius: 6px;
      background: var(--_surface);
      color: var(--_text);
      font: inherit;
      cursor: pointer;
    }

    footer {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      padding: 0.75rem 1.25rem 1rem;
    }
    .status {
      flex: 1 1 12rem;
      margin: 0;
      color: var(--_muted);
      font-size: 0.9em;
    }
    .actions {
      display: flex;
      gap: 0.75rem;
      margin-inline-start: auto;
    }
    .actions[hidden] {
      display: none;
    }
    .decline-notice {
      flex: 1 1 100%;
    }
    .decline-notice p {
      margin: 0 0 0.25rem;
    }
    /* Decline and accept have the same weight: declining is never made harder than accepting. */
    .button {
      min-inline-size: 6.5rem;
      min-block-size: 2.5rem;
      padding: 0.4rem 1.25rem;
      border: 1px solid var(--_accent);
      border-radius: 8px;
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    .decline {
      background: var(--_surface);
      color: var(--_accent);
    }
    .accept {
      background: var(--_accent);
      color: var(--_on-accent);
    }
    .accept[aria-disabled='true'] {
      opacity: 0.5;
      cursor: not-allowed;
    }
    .button:disabled {
      opacity: 0.5;
    }
    button:focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }

    /* Short screens: smaller fixed parts. */
    @media (max-height: 560px) {
      .body {
        min-block-size: 5rem;
      }
      .update-summary {
        max-block-size: 4.5rem;
      }
    }

    /* Phones: the dialog takes the whole screen. */
    @media (max-width: 600px) {
      dialog {
        inline-size: 100%;
        max-inline-size: 100%;
        block-size: 100%;
        max-block-size: 100%;
        margin: 0;
        border: none;
        border-radius: 0;
      }
      header {
        padding: 0.75rem 1rem 0.25rem;
      }
      .panel,
      footer {
        padding-inline: 1rem;
      }
      .actions {
        inline-size: 100%;
      }
      .button {
        flex: 1;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .progress::-webkit-progress-value {
        transition: none;
      }
    }
  `,
];
