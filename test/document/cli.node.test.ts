/** The `assent` CLI in-process (src/cli/main.ts): arguments, format choice, exit codes, output shapes. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { guessFormat, parsePolicy } from '../../src/document/index.js';

const dir = mkdtempSync(join(tmpdir(), 'assent-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

test('hash prints the hex sha-256 alone; outline the pinned JSON shape', async () => {
  const path = file('terms.txt', '用户协议\n\n一、总则\n\n欢迎使用。');
  const hash = await run('hash', path);
  assert.equal(hash.code, 0);
  assert.equal(hash.out, `${parsePolicy('用户协议\n\n一、总则\n\n欢迎使用。', { format: 'text' }).sha256}\n`);
  const outline = await run('outline', path);
  assert.equal(outline.code, 0);
  assert.deepEqual(JSON.parse(outline.out), {
    title: '用户协议',
    format: 'text',
    canon: 'assent-text/2',
    sha256: hash.out.trim(),
    canonicalLength: 15, // 用户协议 \n 一、总则 \n 欢迎使用。
    headings: [
      { level: 1, label: '', text: '用户协议', id: 'terms-h-1' },
      { level: 2, label: '一、', text: '总则', id: 'terms-h-2' },
    ],
    keyClauses: [],
  });
});

test('format: from the extension, from --format, else guessed; --id prefixes ids', async () => {
  const markdown = file('policy.md', '# Title\n\nSome **bold** words.');
  const asMarkdown = JSON.parse((await run('outline', markdown)).out);
  assert.equal(asMarkdown.format, 'markdown');
  assert.deepEqual(asMarkdown.keyClauses, [{ id: 'policy-k-1', text: 'bold' }]);
  const asText = JSON.parse((await run('outline', markdown, '--format', 'text')).out);
  assert.equal(asText.format, 'text');
  assert.notEqual(asText.sha256, asMarkdown.sha256);
  const withId = JSON.parse((await run('outline', markdown, '--id=terms')).out);
  assert.equal(withId.headings[0].id, 'terms-h-1');
  const noExtension = file('POLICY', '<h1>Privacy</h1><p>We keep nothing.</p>');
  assert.equal(JSON.parse((await run('outline', noExtension)).out).format, 'html');
  assert.equal(guessFormat('---\ntitle: x\n---\nbody'), 'markdown');
  assert.equal(guessFormat('一、总则\n欢迎使用。'), 'text');
});

test('exit codes: 2 for usage errors, 1 for unreadable or rejected documents', async () => {
  assert.equal((await run()).code, 2);
  assert.equal((await run('frobnicate', 'x')).code, 2);
  assert.equal((await run('hash')).code, 2);
  assert.equal((await run('hash', 'a', 'b')).code, 2);
  assert.equal((await run('hash', 'a', '--format', 'pdf')).code, 2);
  assert.equal((await run('hash', 'a', '--format')).code, 2);
  assert.equal((await run('--help')).code, 0);
  const missing = await run('hash', join(dir, 'missing.txt'));
  assert.equal(missing.code, 1);
  assert.match(missing.err, /cannot read/);
  const empty = await run('hash', file('empty.txt', '  \n'));
  assert.equal(empty.code, 1);
  assert.match(empty.err, /: empty: /);
  const binary = await run(
    'hash',
    file('blob.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff])),
  );
  assert.equal(binary.code, 1);
  assert.match(binary.err, /: binary: /);
});
