import { Directive, ElementRef, forwardRef, HostListener, inject } from '@angular/core';
import { NG_VALUE_ACCESSOR, type ControlValueAccessor } from '@angular/forms';

/** Binds `formControlName` / `formControl` / `ngModel` to `<consent-checkbox>`: its value is `checked`, reported by `change`. */
@Directive({
  selector: 'consent-checkbox[formControlName], consent-checkbox[formControl], consent-checkbox[ngModel]',
  standalone: true,
  providers: [
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => ConsentCheckboxValueAccessor), multi: true },
  ],
})
export class ConsentCheckboxValueAccessor implements ControlValueAccessor {
  private readonly host: ElementRef<HTMLElementTagNameMap['consent-checkbox']> = inject(ElementRef);
  private onChange: (value: boolean) => void = () => {};
  private onTouched: () => void = () => {};

  // The box is never pre-ticked: `checked = true` holds only when this browser accepted the same versions.
  writeValue(value: boolean): void {
    this.host.nativeElement.checked = !!value;
  }
  registerOnChange(fn: (value: boolean) => void): void {
    this.onChange = fn;
  }
  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }
  setDisabledState(disabled: boolean): void {
    this.host.nativeElement.disabled = disabled;
  }
  @HostListener('change') changed(): void {
    this.onChange(this.host.nativeElement.checked);
    this.onTouched();
  }
}
