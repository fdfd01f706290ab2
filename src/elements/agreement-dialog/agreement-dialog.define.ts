import { defineElement } from '../../internal/define.js';
import '../policy-document/policy-document.define.js';
import { AgreementDialog } from './agreement-dialog.js';

export { AgreementDialog };
export type {
  AgreementDecisionResult,
  AgreementRequestOptions,
  AgreementDocumentInfo,
} from './agreement-dialog.js';
defineElement('agreement-dialog', AgreementDialog);

declare global {
  interface HTMLElementTagNameMap {
    'agreement-dialog': AgreementDialog;
  }
}
