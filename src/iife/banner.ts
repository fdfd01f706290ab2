/**
 * The `<script>` build for the banner path only (global `Assent`): banner, cookie manager, consent
 * engine, receipts and delivery. The agreement dialog and the document parser load on demand.
 */
export { registerStrings, translate } from '../i18n/translator.js';
export * from '../events/events.js';
