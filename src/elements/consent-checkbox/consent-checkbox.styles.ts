import { css } from 'lit';

export const consentCheckboxStyles = css`
  :host {
    display: inline-block;
    font: inherit;
    color: var(--assent-checkbox-color, var(--assent-color-text, inherit));
  }
  :host([disabled]) {
    opacity: 0.6;
  }
  label {
    display: inline-flex;
    align-items: flex-start;
    gap: var(--assent-checkbox-gap, 0.5em);
    cursor: pointer;
  }
  input {
    inline-size: var(--assent-checkbox-size, 1.1em);
    block-size: var(--assent-checkbox-size, 1.1em);
    margin: 0.15em 0 0;
    accent-color: var(--assent-checkbox-accent, var(--assent-color-accent, #1f6feb));
  }
`;
