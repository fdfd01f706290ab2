import { defineElement } from '../../internal/define.js';
import { ConsentCheckbox } from './consent-checkbox.js';

export { ConsentCheckbox };
defineElement('consent-checkbox', ConsentCheckbox);

declare global {
  interface HTMLElementTagNameMap {
    'consent-checkbox': ConsentCheckbox;
  }
}
