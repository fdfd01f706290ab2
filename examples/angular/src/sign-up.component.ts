import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { CookieConfigInput } from 'assent';
import { ConsentCheckboxValueAccessor } from './consent-checkbox-value-accessor';

@Component({
  selector: 'app-sign-up',
  standalone: true,
  imports: [ReactiveFormsModule, ConsentCheckboxValueAccessor],
  // Angular renders unknown tags once the component allows them; `[prop]` sets properties and
  // `(event-name)` listens to the element's events.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <privacy-banner policy-href="/legal/privacy.md" [config]="bannerConfig"></privacy-banner>
    <agreement-dialog id="agreements" (agreement-accept)="onAccept($event)">
      <policy-document
        doc-id="terms"
        title="Terms of Service"
        version="2026-11-01"
        src="/legal/terms.md"
      ></policy-document>
    </agreement-dialog>
    <form [formGroup]="form" (ngSubmit)="submit()">
      <consent-checkbox
        formControlName="agree"
        required
        must-read
        documents="terms"
        dialog="agreements"
      ></consent-checkbox>
      <button>Sign up</button>
    </form>
  `,
})
export class SignUpComponent {
  readonly form = new FormGroup({
    agree: new FormControl(false, { nonNullable: true, validators: Validators.requiredTrue }),
  });
  readonly bannerConfig: CookieConfigInput = {
    revision: '2026-11',
    categories: [{ id: 'necessary', necessary: true }, { id: 'analytics' }],
  };
  receiptId: string | undefined;

  onAccept(event: Event): void {
    this.receiptId = (event as HTMLElementEventMap['agreement-accept']).detail.receiptId;
  }

  submit(): void {
    if (this.form.valid) console.log('signed up; receipt', this.receiptId);
  }
}
