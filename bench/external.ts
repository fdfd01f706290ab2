/**
 * The parser and receiver figures belong to the documents and receipts parts (bench/parse.ts,
 * bench/receiver.ts); this runs their npm scripts and gathers what they print into the same report.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ExternalResult {
  name: string;
  script: string;
  available: boolean;
  ok: boolean;
  seconds?: number;
  /** What the script printed (stdout), verbatim. */
  output: string;
  /** Its output parsed, when it printed JSON. */
  json?: unknown;
  error?: string;
}

/** No script gets longer than this, and none runs past the caller's deadline (the run stays under ten minutes). */
const TIMEOUT_MS = 150_000;
/** Not worth starting a script with less time than this left. */
const MINIMUM_MS = 20_000;

function runScript(
  root: string,
  script: string,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    // Its own process group, so a timeout stops npm and the script it started together.
    const child = spawn('npm', ['run', '--silent', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      // A script may use this to fit its own work into what is left of the run.
      env: { ...process.env, BENCH_TIME_LIMIT_MS: String(Math.round(timeoutMs)) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(stopped after ${Math.round(timeoutMs / 1000)} s: the bench's time budget)`;
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** `deadline`: a `performance.now()` time by which every script must have finished. */
export async function gatherExternal(root: string, deadline = Infinity): Promise<ExternalResult[]> {
  const results: ExternalResult[] = [];
  for (const [name, script, file] of [
    ['Parser (documents)', 'bench:parse', 'bench/parse.ts'],
    ['Receiver (receipts)', 'bench:receiver', 'bench/receiver.ts'],
  ] as const) {
    if (!existsSync(join(root, file))) {
      results.push({ name, script, available: false, ok: false, output: '' });
      continue;
    }
    const timeoutMs = Math.min(TIMEOUT_MS, deadline - performance.now());
    if (timeoutMs < MINIMUM_MS) {
      results.push({
        name,
        script,
        available: true,
        ok: false,
        output: '',
        error: 'skipped: the bench ran out of its time budget',
      });
      continue;
    }
    const started = performance.now();
    const { code, stdout, stderr } = await runScript(root, script, timeoutMs);
    // A script stopped by the time budget keeps what it printed so far.
    const output = stdout.trim();
    let json: unknown;
    try {
      json = output.startsWith('{') || output.startsWith('[') ? JSON.parse(output) : undefined;
    } catch {
      json = undefined;
    }
    results.push({
      name,
      script,
      available: true,
      ok: code === 0,
      seconds: (performance.now() - started) / 1000,
      output,
      ...(json === undefined ? {} : { json }),
      ...(code === 0 ? {} : { error: stderr.trim().split('\n').slice(-5).join('\n') }),
    });
  }
  return results;
}
