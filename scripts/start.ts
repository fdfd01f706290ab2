// `npm start`: the reference receiver (127.0.0.1:RECEIVER_PORT, default 8787, data in demo/data) and the
// demo site (Vite on 127.0.0.1:PORT, default 5173, `/api` proxied to the receiver), in one command.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { startReceiver } from '../src/receiver/server.js';

const root = resolve(import.meta.dirname, '..');

export interface DemoOptions {
  port?: number;
  receiverPort?: number;
  dataDir?: string;
}

export interface RunningDemo {
  url: string;
  receiverUrl: string;
  /** The receiver's read token (ASSENT_READ_TOKEN, or one made for this run). */
  readToken: string;
  close(): Promise<void>;
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const port = options.port ?? Number(process.env.PORT ?? 5173);
  const receiverPort = options.receiverPort ?? Number(process.env.RECEIVER_PORT ?? 8787);
  const dataDir = options.dataDir ?? process.env.RECEIVER_DATA_DIR ?? resolve(root, 'demo/data');
  // The proxy target is read from the environment by demo/vite.config.ts.
  process.env.RECEIVER_PORT = String(receiverPort);
  // The demo's receipts page reads through Vite's proxy, which adds the token server-side.
  process.env.ASSENT_READ_TOKEN ||= randomBytes(24).toString('base64url');
  const receiver = await startReceiver({
    port: receiverPort,
    dataDir,
    readToken: process.env.ASSENT_READ_TOKEN,
  });
  let vite: ViteDevServer;
  try {
    vite = await createServer({
      configFile: resolve(root, 'demo/vite.config.ts'),
      server: { port, host: '127.0.0.1', strictPort: true },
      logLevel: 'warn',
    });
    await vite.listen();
  } catch (error) {
    await receiver.close();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    receiverUrl: receiver.url,
    readToken: process.env.ASSENT_READ_TOKEN,
    async close() {
      await vite.close();
      await receiver.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const demo = await startDemo();
  console.log(`Assent demo:      ${demo.url}/`);
  console.log(`Receipt receiver: ${demo.receiverUrl}/api/receipts`);
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
