import { bootstrapApplication } from '@angular/platform-browser';
import { provideZonelessChangeDetection } from '@angular/core';
import 'assent';
import { configure } from 'assent';
import { SignUpComponent } from './sign-up.component';

configure({ endpoint: '/api/receipts' });
bootstrapApplication(SignUpComponent, { providers: [provideZonelessChangeDetection()] }).catch(
  (error: unknown) => console.error(error),
);
