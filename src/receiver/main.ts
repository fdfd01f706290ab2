/**
 * `npm run receiver`: `assent serve` for development, on 127.0.0.1 with the demo's data folder. It
 * takes every ASSENT_* variable `assent serve` takes (see src/receiver/serve.ts), and the development
 * names before them: RECEIVER_PORT (8787; 0 picks a free one), RECEIVER_DATA_DIR (demo/data),
 * RECEIVER_CORS, RECEIVER_ACCEPT_UNSIGNED=1, RECEIVER_WORKERS, RECEIVER_COMMIT_WINDOW_MS,
 * RECEIVER_STATS_FILE (the log's counts written there on exit: the benchmark).
 */
import { serve } from './serve.js';
import { DEFAULT_DATA_DIR } from './server.js';

const DEVELOPMENT_NAMES: Record<string, string> = {
  RECEIVER_PORT: 'ASSENT_PORT',
  RECEIVER_DATA_DIR: 'ASSENT_DATA_DIR',
  RECEIVER_CORS: 'ASSENT_CORS',
  RECEIVER_ACCEPT_UNSIGNED: 'ASSENT_ACCEPT_UNSIGNED',
  RECEIVER_WORKERS: 'ASSENT_WORKERS',
  RECEIVER_COMMIT_WINDOW_MS: 'ASSENT_COMMIT_WINDOW_MS',
  RECEIVER_STATS_FILE: 'ASSENT_STATS_FILE',
};

const env: NodeJS.ProcessEnv = { ASSENT_DATA_DIR: DEFAULT_DATA_DIR, ...process.env };
for (const [development, name] of Object.entries(DEVELOPMENT_NAMES)) {
  if (process.env[development] !== undefined && process.env[name] === undefined)
    env[name] = process.env[development];
}

const code = await serve(
  process.argv.slice(2),
  {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  },
  env,
);
process.exit(code);
