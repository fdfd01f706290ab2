import { css } from 'lit';
import { visuallyHiddenStyles } from '../../internal/shared.styles.js';
import { cookieUiTokens } from '../privacy-banner/privacy-banner.styles.js';

export const cookieManagerStyles = [
  cookieUiTokens,
  visuallyHiddenStyles,
  css`
    :host {
      display: block;
      color: var(--_text);
    }
    :host([modal]) {
      display: contents;
    }
    .panel {
      box-sizing: border-box;
      background: var(--assent-manager-background, var(--_surface));
      color: var(--_text);
    }
    section.panel {
      padding: var(--assent-manager-padding, 1.25rem);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    dialog.panel {
      inline-size: min(var(--assent-manager-width, 44rem), calc(100vw - 1rem));
      max-inline-size: none;
      max-block-size: min(92dvh, 56rem);
      padding: 0;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      overflow: hidden;
    }
    dialog.panel[open] {
      display: flex;
      flex-direction: column;
    }
    dialog::backdrop {
      background: var(--assent-manager-backdrop, rgb(0 0 0 / 0.5));
    }
    dialog .scroll {
      flex: 1 1 auto;
      min-block-size: 0;
      overflow: auto;
      padding: 0 1.25rem;
    }
    dialog header,
    dialog footer {
      padding: 1rem 1.25rem;
    }
    header {
      display: flex;
      align-items: center;
      gap: 0.75rem;
    }
    h2 {
      flex: 1;
      margin: 0;
      font-size: 1.15em;
      line-height: 1.4;
    }
    h2:focus {
      outline: none;
    }
    h3,
    h4 {
      margin: 0;
      font-size: 1em;
    }
    h4 {
      font-weight: 600;
    }
    .close {
      inline-size: 2.5rem;
      block-size: 2.5rem;
      border: none;
      border-radius: 50%;
      background: transparent;
      color: var(--_muted);
      font: inherit;
      font-size: 1.4em;
      line-height: 1;
      cursor: pointer;
    }
    .close:hover {
      background: var(--_subtle);
      color: var(--_text);
    }
    .category {
      padding: 0.85rem 0;
      border-block-end: 1px solid var(--_border);
    }
    .row {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
    }
    .description {
      margin: 0.3rem 0 0;
      color: var(--_muted);
      font-size: 0.95em;
    }
    .always-on {
      color: var(--_muted);
      font-size: 0.9em;
      font-weight: 600;
      white-space: nowrap;
    }
    /* A native checkbox drawn as a switch: keyboard, forms and assistive technology as usual. */
    input[role='switch'] {
      appearance: none;
      position: relative;
      flex: none;
      inline-size: 2.75rem;
      block-size: 1.5rem;
      margin: 0;
      border: 2px solid var(--assent-switch-border, var(--_muted));
      border-radius: 999px;
      background: var(--assent-switch-off, var(--_subtle));
      cursor: pointer;
    }
    input[role='switch']::before {
      content: '';
      position: absolute;
      inset-block-start: 2px;
      inset-inline-start: 2px;
      inline-size: calc(1.5rem - 8px);
      block-size: calc(1.5rem - 8px);
      border-radius: 50%;
      background: var(--_muted);
      transition: transform 0.15s;
    }
    input[role='switch']:checked {
      border-color: var(--_accent);
      background: var(--assent-switch-on, var(--_accent));
    }
    input[role='switch']:checked::before {
      transform: translateX(1.25rem);
      background: var(--_on-accent);
    }
    input[role='switch']:disabled {
      cursor: not-allowed;
      opacity: 0.7;
    }
    details {
      margin-block-start: 0.5rem;
    }
    summary {
      cursor: pointer;
      color: var(--_accent);
      font-size: 0.95em;
    }
    ul {
      margin: 0.5rem 0 0;
      padding: 0;
      list-style: none;
    }
    .service {
      margin-block-start: 0.5rem;
      padding: 0.6rem 0.75rem;
      border-radius: 8px;
      background: var(--_subtle);
    }
    .meta {
      margin: 0.25rem 0 0;
      font-size: 0.9em;
    }
    .table-wrap {
      overflow-x: auto;
    }
    table {
      inline-size: 100%;
      margin-block-start: 0.5rem;
      border-collapse: collapse;
      font-size: 0.88em;
    }
    th,
    td {
      padding: 0.3rem 0.4rem;
      border-block-end: 1px solid var(--_border);
      text-align: start;
      vertical-align: top;
    }
    code {
      font-family: var(--assent-font-mono, ui-monospace, monospace);
      word-break: break-all;
    }
    .status {
      margin: 0.75rem 0 0;
      min-block-size: 1.5em;
      font-size: 0.95em;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin-block-start: 0.75rem;
    }
    .withdraw {
      flex-basis: 100%;
      padding: 0.4rem 0;
      border: none;
      background: none;
      color: var(--_accent);
      font: inherit;
      text-align: start;
      text-decoration: underline;
      cursor: pointer;
    }
    @media (max-width: 40rem) {
      .actions {
        flex-direction: column;
      }
    }
  `,
];
