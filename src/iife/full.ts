/** The `<script>` build with every element (global `Assent`); strings go through its own i18next. */
import { installOwnI18next } from '../i18n/i18next.js';

export * from '../index.js';

installOwnI18next();
