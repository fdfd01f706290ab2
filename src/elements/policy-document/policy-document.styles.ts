import { css } from 'lit';

export const policyDocumentStyles = css`
  :host {
    display: none !important;
  }
`;
