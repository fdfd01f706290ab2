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

/** Each script gets this long, so the whole run stays under ten minutes. */
const TIMEOUT_MS = 150_000;

function runScript(
  root: string,
  script: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(stopped after ${TIMEOUT_MS / 1000} s)`;
      child.kill('SIGTERM');
    }, TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

export async function gatherExternal(root: string): Promise<ExternalResult[]> {
  const results: ExternalResult[] = [];
  for (const [name, script, file] of [
    ['Parser (documents)', 'bench:parse', 'bench/parse.ts'],
    ['Receiver (receipts)', 'bench:receiver', 'bench/receiver.ts'],
  ] as const) {
    if (!existsSync(join(root, file))) {
      results.push({ name, script, available: false, ok: false, output: '' });
      continue;
    }
    const started = performance.now();
    const { code, stdout, stderr } = await runScript(root, script);
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
