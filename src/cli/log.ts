/**
 * The transparency-log commands of the `assent` CLI: what a legal team or an auditor runs against a
 * receiver, or offline on what it exported.
 *
 *   assent audit --endpoint URL [--state FILE] [--interval S] [--count N] [--receiver-kid KID]
 *   assent verify RECEIPT.json [--receiver-kid KID]
 *   assent export --format kantara|iso27560|bundle (--input FILE | --endpoint URL) [--config FILE]
 *                 [--id ID]... [--read-token-file FILE]
 *
 * Exit codes: 0 all checks held, 1 a check failed (a rewritten log, a bad signature or proof),
 * 2 usage, 3 the receiver could not be reached or answered an error.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { checkExportConfig, exportReceipt, EXPORT_FORMATS, type ExportConfig } from '../receiver/formats.js';
import {
  verifyConsistency,
  verifyInclusion,
  verifyReceipt,
  verifyTreeHead,
  type TreeHead,
} from '../verify/index.js';

export const LOG_USAGE = `  assent audit --endpoint URL [--state FILE] [--interval SECONDS] [--count N] [--receiver-kid KID]
  assent verify RECEIPT.json [--receiver-kid KID]
  assent export --format kantara|iso27560|bundle (--input FILE | --endpoint URL) [--config FILE]
                [--id ID]... [--read-token-file FILE]   (or ASSENT_READ_TOKEN)`;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const OK = 0;
const FAILED = 1;
const USAGE_ERROR = 2;
const UNREACHABLE = 3;
const REQUEST_TIMEOUT_MS = 15_000;

/** A receipt with what proves it is in the log: what `assent verify` reads. */
export interface ReceiptBundle {
  jws: string;
  leafIndex: number;
  treeSize: number;
  inclusionProof: string[];
  treeHead: string;
}

/** What `assent audit` keeps between runs. */
interface AuditState {
  endpoint: string;
  kid: string;
  treeSize: number;
  rootHash: string;
  timestamp: string;
  treeHead: string;
}

class CliError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Flags = { values: Map<string, string[]>; positional: string[] };

function parseFlags(args: readonly string[], known: readonly string[]): Flags {
  const values = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string?];
    if (!known.includes(flag)) throw new CliError(USAGE_ERROR, `unknown option ${flag}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new CliError(USAGE_ERROR, `${flag} needs a value`);
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }
  return { values, positional };
}

function one(flags: Flags, flag: string): string | undefined {
  const list = flags.values.get(flag);
  if (list && list.length > 1) throw new CliError(USAGE_ERROR, `${flag} is given twice`);
  return list?.[0];
}

function count(flags: Flags, flag: string, fallback: number, min: number): number {
  const text = one(flags, flag);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min)
    throw new CliError(USAGE_ERROR, `${flag} must be a number ≥ ${min}`);
  return value;
}

/** The receiver's base URL from its receipts endpoint (`…/api/receipts`) or the base itself. */
export function receiverBase(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new CliError(USAGE_ERROR, `--endpoint ${endpoint} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(USAGE_ERROR, '--endpoint must be an http(s) URL');
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/receipts$/, '');
  return `${url.origin}${path}`;
}

async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ body: unknown; response: Response }> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new CliError(UNREACHABLE, `cannot reach ${url}: ${(error as Error).message}`);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok)
    throw new CliError(UNREACHABLE, `${url} answered ${response.status}: ${text.slice(0, 200)}`);
  try {
    return { body: JSON.parse(text) as unknown, response };
  } catch {
    throw new CliError(FAILED, `${url} did not answer JSON`);
  }
}

async function readJsonFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(FAILED, `cannot read ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError(FAILED, `${what} ${file} is not JSON`);
  }
}

/** Writes through a temporary file: a crash mid-write never leaves half a state behind. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, file);
}

async function fetchVerifiedHead(
  base: string,
  receiverKid: string | undefined,
): Promise<{ jws: string; head: TreeHead; kid: string }> {
  const { body } = await getJson(`${base}/api/log/tree-head`);
  const jws = (body as { treeHead?: unknown }).treeHead;
  if (typeof jws !== 'string') throw new CliError(FAILED, 'the tree-head answer has no treeHead');
  const verified = await verifyTreeHead(jws, receiverKid ? { receiverKid } : {});
  if (!verified.ok)
    throw new CliError(FAILED, `the tree head does not verify (${verified.reason}): ${verified.message}`);
  return { jws, head: verified.head, kid: verified.kid };
}

function checkState(value: unknown, file: string): AuditState {
  const state = value as Partial<AuditState> | null;
  if (
    typeof state !== 'object' ||
    state === null ||
    typeof state.kid !== 'string' ||
    typeof state.treeSize !== 'number' ||
    !Number.isSafeInteger(state.treeSize) ||
    typeof state.rootHash !== 'string' ||
    typeof state.treeHead !== 'string'
  ) {
    throw new CliError(FAILED, `state file ${file} is not an audit state (left as it is)`);
  }
  return state as AuditState;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function audit(args: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(args, ['--endpoint', '--state', '--interval', '--count', '--receiver-kid']);
  if (flags.positional.length > 0)
    throw new CliError(USAGE_ERROR, `unexpected argument ${flags.positional[0]}`);
  const endpoint = one(flags, '--endpoint');
  if (!endpoint) throw new CliError(USAGE_ERROR, '--endpoint is missing');
  const base = receiverBase(endpoint);
  const stateFile = one(flags, '--state');
  const interval = count(flags, '--interval', 60, 0);
  const rounds = Math.floor(count(flags, '--count', 1, 1));
  let state: AuditState | undefined;
  if (stateFile) {
    const existing = await readFile(stateFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new CliError(FAILED, `cannot read state file ${stateFile}: ${error.message}`);
    });
    if (existing !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(existing);
      } catch {
        throw new CliError(FAILED, `state file ${stateFile} is not JSON (left as it is)`);
      }
      state = checkState(parsed, stateFile);
    }
  }
  const pinned = one(flags, '--receiver-kid');
  if (pinned && state && state.kid !== pinned) {
    throw new CliError(FAILED, `state file ${stateFile} holds the log of ${state.kid}, not ${pinned}`);
  }
  for (let round = 0; round < rounds; round++) {
    if (round > 0) await sleep(interval * 1000);
    const { jws, head, kid } = await fetchVerifiedHead(base, pinned ?? state?.kid);
    let consistentFrom: number | undefined;
    if (state) {
      if (head.treeSize < state.treeSize) {
        throw new CliError(
          FAILED,
          `log inconsistent: the tree went back from ${state.treeSize} to ${head.treeSize} leaves`,
        );
      }
      let proof: unknown = [];
      if (head.treeSize > state.treeSize && state.treeSize > 0) {
        const { body } = await getJson(
          `${base}/api/log/consistency?first=${state.treeSize}&second=${head.treeSize}`,
        );
        proof = (body as { proof?: unknown }).proof;
      }
      const result = verifyConsistency({
        first: state.treeSize,
        second: head.treeSize,
        firstRoot: state.rootHash,
        secondRoot: head.rootHash,
        proof: proof as string[],
      });
      if (!result.ok) {
        throw new CliError(
          FAILED,
          `log inconsistent: the tree of ${head.treeSize} leaves (${head.timestamp}) does not extend the one of ${state.treeSize} (${state.timestamp}): ${result.message}`,
        );
      }
      consistentFrom = state.treeSize;
    }
    state = {
      endpoint: base,
      kid,
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      timestamp: head.timestamp,
      treeHead: jws,
    };
    if (stateFile) await writeAtomically(stateFile, `${JSON.stringify(state, null, 2)}\n`);
    io.out(
      `${JSON.stringify({
        checkedAt: new Date().toISOString(),
        log: kid,
        treeSize: head.treeSize,
        rootHash: head.rootHash,
        timestamp: head.timestamp,
        ...(consistentFrom !== undefined ? { consistentFrom } : {}),
      })}\n`,
    );
  }
  return OK;
}

function checkBundle(value: unknown): ReceiptBundle {
  const bundle = value as Partial<ReceiptBundle> | null;
  if (
    typeof bundle !== 'object' ||
    bundle === null ||
    typeof bundle.jws !== 'string' ||
    typeof bundle.treeHead !== 'string' ||
    typeof bundle.leafIndex !== 'number' ||
    typeof bundle.treeSize !== 'number' ||
    !Array.isArray(bundle.inclusionProof)
  ) {
    throw new CliError(FAILED, 'a receipt bundle is { jws, leafIndex, treeSize, inclusionProof, treeHead }');
  }
  return bundle as ReceiptBundle;
}

/** Checks one bundle offline: the receipt's own signature, the receiver's head, and inclusion in it. */
export async function verifyBundle(value: unknown, receiverKid?: string) {
  const bundle = checkBundle(value);
  const receipt = await verifyReceipt(bundle.jws);
  if (!receipt.ok)
    throw new CliError(FAILED, `the receipt does not verify (${receipt.reason}): ${receipt.message}`);
  const head = await verifyTreeHead(bundle.treeHead, receiverKid ? { receiverKid } : {});
  if (!head.ok) throw new CliError(FAILED, `the tree head does not verify (${head.reason}): ${head.message}`);
  if (head.head.treeSize !== bundle.treeSize) {
    throw new CliError(
      FAILED,
      `the bundle says tree size ${bundle.treeSize}, its signed head ${head.head.treeSize}`,
    );
  }
  const included = verifyInclusion({
    jws: bundle.jws,
    leafIndex: bundle.leafIndex,
    treeSize: head.head.treeSize,
    rootHash: head.head.rootHash,
    proof: bundle.inclusionProof,
  });
  if (!included.ok) throw new CliError(FAILED, `the receipt is not in the signed tree: ${included.message}`);
  return {
    ok: true,
    id: receipt.payload.id,
    type: receipt.payload.type,
    decision: receipt.payload.decision,
    issuedAt: receipt.payload.issuedAt,
    kid: receipt.kid,
    log: head.kid,
    leafIndex: bundle.leafIndex,
    treeSize: head.head.treeSize,
    rootHash: head.head.rootHash,
    timestamp: head.head.timestamp,
  };
}

async function verify(args: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(args, ['--receiver-kid']);
  if (flags.positional.length !== 1) throw new CliError(USAGE_ERROR, 'give one RECEIPT.json');
  const file = flags.positional[0]!;
  const result = await verifyBundle(await readJsonFile(file, 'receipt bundle'), one(flags, '--receiver-kid'));
  io.out(`${JSON.stringify(result, null, 2)}\n`);
  return OK;
}

/** A stored receipt as the receiver's GET /api/receipts/:id gives it (the parts used here). */
interface StoredView {
  id?: string;
  jws: string;
  receivedAt?: string;
  leafIndex?: number;
}

async function readToken(flags: Flags): Promise<string | undefined> {
  const file = one(flags, '--read-token-file');
  if (file) {
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch (error) {
      throw new CliError(FAILED, `cannot read --read-token-file ${file}: ${(error as Error).message}`);
    }
  }
  return process.env.ASSENT_READ_TOKEN || undefined;
}

async function receiptsFromEndpoint(
  base: string,
  ids: string[],
  token: string | undefined,
): Promise<StoredView[]> {
  const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const wanted = [...ids];
  if (wanted.length === 0) {
    for (let offset = 0; ;) {
      const { body, response } = await getJson(`${base}/api/receipts?limit=1000&offset=${offset}`, auth);
      if (!Array.isArray(body)) throw new CliError(FAILED, 'the receipt list is not a JSON array');
      for (const item of body as { id?: unknown }[]) if (typeof item?.id === 'string') wanted.push(item.id);
      offset += body.length;
      const total = Number(response.headers.get('X-Total-Count') ?? offset);
      if (body.length === 0 || offset >= total) break;
    }
  }
  const receipts: StoredView[] = [];
  for (const id of wanted) {
    const { body } = await getJson(`${base}/api/receipts/${encodeURIComponent(id)}`, auth);
    if (typeof (body as StoredView)?.jws !== 'string')
      throw new CliError(FAILED, `receipt ${id} came without its JWS`);
    receipts.push(body as StoredView);
  }
  return receipts;
}

/** Receipts from a file: compact JWS strings or objects with `jws` (a list, or one). */
function receiptsFromFile(value: unknown, file: string): StoredView[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    if (typeof item === 'string') return { jws: item };
    if (typeof item === 'object' && item !== null && typeof (item as StoredView).jws === 'string')
      return item as StoredView;
    throw new CliError(FAILED, `${file}: item ${index} is neither a compact JWS nor an object with jws`);
  });
}

async function exportCommand(args: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(args, [
    '--format',
    '--input',
    '--endpoint',
    '--config',
    '--id',
    '--read-token-file',
    '--receiver-kid',
  ]);
  if (flags.positional.length > 0)
    throw new CliError(USAGE_ERROR, `unexpected argument ${flags.positional[0]}`);
  const format = one(flags, '--format');
  const formats = [...EXPORT_FORMATS, 'bundle'];
  if (!format || !formats.includes(format))
    throw new CliError(USAGE_ERROR, `--format must be one of ${formats.join(', ')}`);
  const input = one(flags, '--input');
  const endpoint = one(flags, '--endpoint');
  if (!input === !endpoint) throw new CliError(USAGE_ERROR, 'give either --input FILE or --endpoint URL');
  if (format === 'bundle' && !endpoint)
    throw new CliError(USAGE_ERROR, 'bundles need the receiver: --endpoint URL');
  let config: ExportConfig | undefined;
  if (format !== 'bundle') {
    const configFile = one(flags, '--config');
    if (!configFile)
      throw new CliError(
        USAGE_ERROR,
        `--format ${format} needs --config FILE (controller, jurisdiction, withdrawal)`,
      );
    try {
      config = checkExportConfig(await readJsonFile(configFile, 'configuration'));
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(FAILED, (error as Error).message);
    }
  }
  const ids = flags.values.get('--id') ?? [];
  const base = endpoint ? receiverBase(endpoint) : undefined;
  const receipts = base
    ? await receiptsFromEndpoint(base, ids, await readToken(flags))
    : receiptsFromFile(await readJsonFile(input!, 'receipts file'), input!).filter(
        (receipt) => ids.length === 0 || ids.includes(receipt.id ?? ''),
      );
  const head = format === 'bundle' ? await fetchVerifiedHead(base!, one(flags, '--receiver-kid')) : undefined;
  const exported: unknown[] = [];
  let failures = 0;
  for (const stored of receipts) {
    const verified = await verifyReceipt(stored.jws);
    if (!verified.ok) {
      failures++;
      io.err(
        `assent: receipt ${stored.id ?? '(no id)'} does not verify (${verified.reason}): ${verified.message}\n`,
      );
      continue;
    }
    if (head) {
      const id = verified.payload.id;
      const { body } = await getJson(
        `${base}/api/receipts/${encodeURIComponent(id)}/proof?treeSize=${head.head.treeSize}`,
      );
      const proof = body as { leafIndex: number; treeSize: number; inclusionProof: string[] };
      const bundle: ReceiptBundle = {
        jws: stored.jws,
        leafIndex: proof.leafIndex,
        treeSize: proof.treeSize,
        inclusionProof: proof.inclusionProof,
        treeHead: head.jws,
      };
      try {
        await verifyBundle(bundle, head.kid);
      } catch (error) {
        failures++;
        io.err(`assent: receipt ${id}: ${(error as Error).message}\n`);
        continue;
      }
      exported.push(bundle);
    } else {
      exported.push(
        exportReceipt(
          {
            payload: verified.payload,
            kid: verified.kid,
            jwk: verified.header.jwk,
            ...(stored.receivedAt ? { receivedAt: stored.receivedAt } : {}),
          },
          format as (typeof EXPORT_FORMATS)[number],
          config!,
        ),
      );
    }
  }
  io.out(`${JSON.stringify(exported, null, 2)}\n`);
  return failures > 0 ? FAILED : OK;
}

const COMMANDS: Record<string, (args: readonly string[], io: Io) => Promise<number>> = {
  audit,
  verify,
  export: exportCommand,
};

export function isLogCommand(command: string | undefined): boolean {
  return command !== undefined && Object.hasOwn(COMMANDS, command);
}

/** Runs `assent audit|verify|export`; resolves to the exit code. */
export async function runLogCommand(command: string, args: readonly string[], io: Io): Promise<number> {
  try {
    return await COMMANDS[command]!(args, io);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.err(`assent ${command}: ${error.message}\n`);
    if (error.code === USAGE_ERROR) io.err(`Usage:\n${LOG_USAGE}\n`);
    return error.code;
  }
}
