import { unsafeCSS } from 'lit';

/**
 * Dark tokens of <privacy-banner> and <cookie-manager>, applied by `prefers-color-scheme: dark` (unless
 * `theme="light"`) or by `theme="dark"`. A declaration list is not a style sheet, so it is no `css`
 * literal (the build minifies those as style sheets) and lives apart from the rules it is placed in.
 */
export const darkTokens = unsafeCSS(
  [
    '--_surface: var(--assent-banner-background-dark, var(--assent-color-surface-dark, #161b22))',
    '--_text: var(--assent-banner-color-dark, var(--assent-color-text-dark, #e6edf3))',
    '--_muted: var(--assent-color-muted-dark, #9ea7b3)',
    '--_border: var(--assent-color-border-dark, #3d444d)',
    '--_accent: var(--assent-banner-accent-dark, var(--assent-color-accent-dark, #4493f8))',
    '--_on-accent: var(--assent-color-on-accent-dark, #0d1117)',
    '--_subtle: var(--assent-color-subtle-dark, #21262d)',
    'color-scheme: dark',
  ].join(';'),
);
