import { defineElement } from '../../internal/define.js';
import { ConsentHistory } from './consent-history.js';

export { ConsentHistory };
defineElement('consent-history', ConsentHistory);

declare global {
  interface HTMLElementTagNameMap {
    'consent-history': ConsentHistory;
  }
}
