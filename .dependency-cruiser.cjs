// The layers of src/ (docs/architecture.md draws them): each folder imports only the folders listed for
// it, type-only imports included. `npm run lint` runs this check; a forbidden arrow fails CI. Add a
// folder here before adding it under src/.
/** @type {Record<string, string[]>} folder -> the folders of ours it may import */
const layers = {
  receipt: [],
  events: [],
  internal: ['receipt'],
  i18n: ['internal'],
  document: ['internal'],
  verify: ['receipt'],
  consent: ['receipt', 'internal', 'events', 'document'],
  delivery: ['consent', 'verify', 'receipt', 'internal', 'events'],
  cookies: ['consent', 'delivery', 'receipt', 'internal', 'events', 'i18n'],
  controllers: ['consent', 'delivery', 'document', 'receipt', 'internal', 'events', 'i18n'],
  elements: ['controllers', 'cookies', 'consent', 'document', 'receipt', 'internal', 'events', 'i18n'],
  iife: [
    'elements',
    'controllers',
    'cookies',
    'consent',
    'delivery',
    'document',
    'receipt',
    'internal',
    'events',
    'i18n',
  ],
  cli: ['document', 'receiver', 'verify', 'receipt'],
  react: ['elements', 'events'],
  receiver: ['verify', 'receipt'],
};

const folders = Object.keys(layers).join('|');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...Object.entries(layers).map(([folder, allowed]) => ({
      name: `layer-${folder}`,
      comment: `src/${folder}/ may import only ${allowed.length ? allowed.join(', ') : 'nothing of ours'} (see docs/architecture.md).`,
      severity: 'error',
      from: { path: `^src/${folder}/` },
      to: {
        path: '^src/',
        pathNot: [
          `^src/${folder}/`,
          ...allowed.map((name) => `^src/${name}/`),
          // The full IIFE is src/index.ts plus its own i18next.
          ...(folder === 'iife' ? ['^src/index\\.ts$'] : []),
        ],
      },
    })),
    {
      name: 'known-folder',
      comment: 'Every file of src/ is in a folder listed in .dependency-cruiser.cjs (or is src/index.ts).',
      severity: 'error',
      from: { path: '^src/', pathNot: [`^src/(${folders})/`, '^src/index\\.ts$'] },
      to: {},
    },
    {
      name: 'entry-not-imported',
      comment: 'src/index.ts is an entry point: only the full IIFE builds on it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/iife/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'index-not-node',
      comment: 'The browser entry never reaches Node-only code.',
      severity: 'error',
      from: { path: '^src/index\\.ts$' },
      to: { path: '^src/(cli|receiver)/' },
    },
    {
      name: 'elements-hold-no-storage',
      comment:
        'Elements describe decisions and render: they never open storage, sign, build or send a receipt ' +
        'themselves (they ask consent/ through controllers/; receipt/ gives them its types only).',
      severity: 'error',
      from: { path: '^src/elements/' },
      to: {
        path: [
          '^src/internal/(store|locks|outbox-events)\\.ts$',
          '^src/consent/(record|signer)\\.ts$',
          '^src/receipt/',
          '^src/delivery/',
        ],
        pathNot: '^src/receipt/types\\.ts$',
      },
    },
    {
      name: 'elements-modal-through-controller',
      comment: 'Modal mechanics (the modal stack, opener, focus return) live in controllers/modal.ts, once.',
      severity: 'error',
      from: { path: '^src/elements/' },
      to: { path: '^src/internal/modal\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, within a folder either.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
