/** The `<script>` build with every element (global `Assent`). */
export * from '../index.js';
