/**
 * Runs `npm run receiver` (src/receiver/main.ts) as its own process on a free loopback port, as in
 * production, and resolves once it announced its address. Used by the receiver's process test and its
 * benchmark; the caller stops it (SIGTERM) by the returned child.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ReceiverProcess {
  child: ChildProcess;
  /** Origin of the receiver, e.g. http://127.0.0.1:41234 */
  url: string;
}

export function startReceiverProcess(options: {
  dataDir: string;
  workers?: number;
  /** More environment, e.g. ASSENT_READ_TOKEN or ASSENT_DB_URL. */
  env?: Record<string, string>;
  /** Node flags before the script, e.g. `--cpu-prof` (the benchmark's profile). */
  nodeArgs?: readonly string[];
}): Promise<ReceiverProcess> {
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/receiver/main.ts'];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      RECEIVER_PORT: '0',
      RECEIVER_DATA_DIR: options.dataDir,
      RECEIVER_WORKERS: String(options.workers ?? 1),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<ReceiverProcess>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/api\/receipts/.exec(output);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`receiver exited early (${code})`)));
  });
}
