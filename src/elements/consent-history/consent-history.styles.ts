import { css } from 'lit';
import { cookieUiTokens } from '../privacy-banner/privacy-banner.styles.js';

export const consentHistoryStyles = [
  cookieUiTokens,
  css`
    :host {
      display: block;
      color: var(--_text);
      --_history-accent: var(--assent-history-accent, var(--_accent));
      --_expired: var(--assent-history-expired, var(--assent-color-danger, #b42318));
    }
    /* The light red is unreadable on the dark surface. */
    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light'])) {
        --_expired: var(--assent-history-expired, #ff938a);
      }
    }
    :host([theme='dark']) {
      --_expired: var(--assent-history-expired, #ff938a);
    }
    .panel {
      box-sizing: border-box;
      padding: var(--assent-history-padding, 1.25rem);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--assent-history-background, var(--_surface));
    }
    h2 {
      margin: 0 0 0.5rem;
      font-size: 1.15em;
    }
    .intro,
    .empty {
      margin: 0 0 1rem;
      color: var(--_muted);
    }
    .status:empty {
      display: none;
    }
    .status {
      margin: 0 0 1rem;
      padding: 0.5rem 0.75rem;
      border-radius: 8px;
      background: var(--_subtle);
    }
    .status.error {
      color: var(--_expired);
    }
    .list {
      display: grid;
      gap: 0.75rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .entry {
      padding: 0.85rem 1rem;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) * 0.75);
    }
    .entry.superseded {
      color: var(--_muted);
    }
    .entry-head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      justify-content: space-between;
      gap: 0.5rem;
    }
    h3 {
      margin: 0;
      font-size: 1em;
    }
    .kind {
      display: block;
      color: var(--_muted);
      font-size: 0.85em;
      font-weight: 400;
    }
    .decision {
      padding: 0.1rem 0.6rem;
      border: 1px solid var(--_history-accent);
      border-radius: 999px;
      font-size: 0.85em;
      white-space: nowrap;
    }
    .purposes {
      margin: 0.4rem 0 0;
    }
    dl {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
      gap: 0.25rem 1rem;
      margin: 0.6rem 0 0;
    }
    dt {
      color: var(--_muted);
      font-size: 0.85em;
    }
    dd {
      margin: 0;
    }
    .entry.expired .validity,
    .delivery.failed,
    .delivery.lost {
      color: var(--_expired);
      font-weight: 600;
    }
    .withdraw {
      margin-block-start: 0.75rem;
      min-block-size: 2.5rem;
      padding: 0.4rem 1rem;
      border: 2px solid var(--_history-accent);
      border-radius: var(--assent-button-radius, 8px);
      background: var(--_surface);
      color: var(--_text);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    .withdraw:focus-visible {
      outline: 3px solid var(--_history-accent);
      outline-offset: 2px;
    }
    .withdraw:disabled {
      cursor: progress;
      opacity: 0.6;
    }
  `,
];
