// Typed global components: Volar (vue-tsc, the Vue editor extension) checks the props of Assent's tags
// in templates against the elements' own property types.
import type { DefineComponent } from 'vue';
import type {
  AgreementDialog,
  ConsentCheckbox,
  CookieManager,
  PolicyDocumentElement,
  PrivacyBanner,
} from 'assent';

type Props<E, K extends keyof E> = DefineComponent<Partial<Pick<E, K>>>;

declare module 'vue' {
  interface GlobalComponents {
    'agreement-dialog': Props<
      AgreementDialog,
      'open' | 'require' | 'dwell' | 'endpoint' | 'theme' | 'documents'
    >;
    'consent-checkbox': Props<
      ConsentCheckbox,
      | 'documents'
      | 'dialog'
      | 'name'
      | 'value'
      | 'required'
      | 'disabled'
      | 'mustRead'
      | 'separate'
      | 'purpose'
      | 'checked'
      | 'theme'
    >;
    'policy-document': Props<
      PolicyDocumentElement,
      'docId' | 'version' | 'src' | 'format' | 'require' | 'dwell' | 'change'
    >;
    'privacy-banner': Props<PrivacyBanner, 'position' | 'config' | 'policyHref' | 'dialog' | 'theme'>;
    'cookie-manager': Props<CookieManager, 'modal' | 'open' | 'config' | 'theme'>;
  }
}

export {};
