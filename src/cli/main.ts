/**
 * The `assent` command line (bundled to dist/cli/assent.js, started by bin/assent.js).
 *
 *   assent outline FILE [--format text|markdown|html] [--id ID] [--canon VERSION]   the outline as JSON
 *   assent hash FILE [--format text|markdown|html] [--canon VERSION]                the hex sha-256 alone
 *   assent serve [--host H] [--port P] [--data-dir DIR] [--db URL]  the receiver (src/receiver/serve.ts)
 *   assent audit | verify | export                                 the transparency log (src/cli/log.ts)
 *
 * `--canon` picks the canonical-text algorithm (default: the current one, `CANON_VERSION`); give
 * `assent-text/1` to reproduce a hash taken under that version.
 *
 * The format is guessed from the extension (.txt, .md/.markdown, .html/.htm), else from the text.
 * HTML and Markdown are parsed with jsdom, a spec-compliant HTML parser, so the canonical text and
 * its hash equal what a browser computes for the same file. jsdom is an optional peer dependency (a
 * browser project never needs it), loaded only for those formats; plain text needs nothing.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import {
  CANON_VERSIONS,
  codePointLength,
  guessFormat,
  parsePolicy,
  PolicyDocumentError,
  slugify,
  useDocumentWindow,
  type CanonVersion,
  type DocumentFormat,
  type PolicyDocument,
} from '../document/index.js';
import { SERVE_USAGE } from '../receiver/serve.js';
import { isLogCommand, LOG_USAGE, runLogCommand } from './log.js';

const USAGE = `Usage:
  assent outline FILE [--format text|markdown|html] [--id ID] [--canon ${CANON_VERSIONS.join('|')}]
  assent hash FILE [--format text|markdown|html] [--canon ${CANON_VERSIONS.join('|')}]
${SERVE_USAGE}
${LOG_USAGE}`;

const FORMATS: readonly DocumentFormat[] = ['text', 'markdown', 'html'];

/** The shape DESIGN.md pins for `assent outline`. */
export interface Outline {
  title: string;
  format: DocumentFormat;
  canon: CanonVersion;
  sha256: string;
  canonicalLength: number;
  headings: { level: number; label: string; text: string; id: string }[];
  keyClauses: { id: string; text: string }[];
}

export function outlineOf(document: PolicyDocument): Outline {
  return {
    title: document.title,
    format: document.format,
    canon: document.canon,
    sha256: document.sha256,
    canonicalLength: codePointLength(document.canonicalText),
    headings: document.toc.map(({ level, label, text, id }) => ({ level, label, text, id })),
    keyClauses: document.keyClauses.map(({ id, text }) => ({ id, text })),
  };
}

export function formatFromExtension(file: string): DocumentFormat | undefined {
  const extension = extname(file).toLowerCase();
  if (extension === '.md' || extension === '.markdown') return 'markdown';
  if (extension === '.html' || extension === '.htm' || extension === '.xhtml') return 'html';
  if (extension === '.txt' || extension === '.text') return 'text';
  return undefined;
}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** jsdom when installed, `undefined` when it is not (any other failure to load it is thrown). */
async function importJsdom(): Promise<typeof import('jsdom') | undefined> {
  try {
    return await import('jsdom');
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    if (missing && message?.includes("'jsdom'")) return undefined;
    throw error;
  }
}

/** Runs the CLI; resolves to the exit code (0 ok, 1 document error, 2 usage error). */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (command === 'serve') return (await import('../receiver/serve.js')).serve(rest, io);
  if (isLogCommand(command)) return runLogCommand(command!, rest, io);
  if (command !== 'outline' && command !== 'hash') {
    io.err(`${USAGE}\n`);
    return 2;
  }
  let file: string | undefined;
  let format: DocumentFormat | undefined;
  let id: string | undefined;
  let canon: CanonVersion | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s, 2) as [string, string?]) : [arg];
    if (flag === '--format' || flag === '--id' || flag === '--canon') {
      const value = inline ?? rest[++i];
      if (value === undefined) {
        io.err(`assent: ${flag} needs a value\n${USAGE}\n`);
        return 2;
      }
      if (flag === '--format') {
        if (!FORMATS.includes(value as DocumentFormat)) {
          io.err(`assent: --format must be one of ${FORMATS.join(', ')}\n`);
          return 2;
        }
        format = value as DocumentFormat;
      } else if (flag === '--canon') {
        if (!CANON_VERSIONS.includes(value as CanonVersion)) {
          io.err(`assent: --canon must be one of ${CANON_VERSIONS.join(', ')}\n`);
          return 2;
        }
        canon = value as CanonVersion;
      } else id = value;
    } else if (arg.startsWith('--') || file !== undefined) {
      io.err(`assent: unexpected argument ${arg}\n${USAGE}\n`);
      return 2;
    } else file = arg;
  }
  if (file === undefined) {
    io.err(`assent: FILE is missing\n${USAGE}\n`);
    return 2;
  }

  let source: string;
  try {
    source = new TextDecoder('utf-8').decode(await readFile(file));
  } catch (error) {
    io.err(`assent: cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const chosen = format ?? formatFromExtension(file) ?? guessFormat(source);
  try {
    if (chosen !== 'text') {
      const jsdom = await importJsdom();
      if (!jsdom) {
        io.err(
          `assent: ${file}: ${chosen} needs jsdom, an optional peer dependency: run \`npm install jsdom\` (plain text needs nothing)\n`,
        );
        return 1;
      }
      useDocumentWindow(new jsdom.JSDOM('').window as unknown as Window);
    }
    const document = parsePolicy(source, {
      format: chosen,
      id: id ?? (slugify(basename(file, extname(file))) || 'document'),
      canon,
    });
    if (command === 'hash') io.out(`${document.sha256}\n`);
    else io.out(`${JSON.stringify(outlineOf(document), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof PolicyDocumentError) {
      io.err(`assent: ${file}: ${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
