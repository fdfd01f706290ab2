import { defineElement } from '../../internal/define.js';
import { PolicyDocumentElement } from './policy-document.js';

export { PolicyDocumentElement };
defineElement('policy-document', PolicyDocumentElement);

declare global {
  interface HTMLElementTagNameMap {
    'policy-document': PolicyDocumentElement;
  }
}
