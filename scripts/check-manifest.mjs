#!/usr/bin/env node
// Fails when custom-elements.json is not what the analyzer makes from the current source, when it
// lists something internal, or when an element's source uses a `part=` or dispatches an event that
// its JSDoc (hence the manifest, Storybook and the framework wrappers) does not name.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const committed = readFileSync('custom-elements.json', 'utf8');
// The analyzer resolves --outdir against the working directory.
const dir = '.test-results/cem';
try {
  execFileSync(
    'npx',
    [
      'cem',
      'analyze',
      '--litelement',
      '--globs',
      'src/elements/**/*.ts',
      '--exclude',
      'src/**/*.styles.ts',
      '--exclude',
      'src/**/*.define.ts',
      '--outdir',
      dir,
    ],
    { stdio: 'pipe' },
  );
  const fresh = readFileSync(join(dir, 'custom-elements.json'), 'utf8');
  // The analyzer lists modules in the order its file walk finds them, which varies between runs.
  const normalized = (text) => {
    const manifest = JSON.parse(text);
    manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
    return JSON.stringify(manifest);
  };
  if (normalized(fresh) !== normalized(committed)) {
    console.error('custom-elements.json is out of date: run `npm run analyze` and commit it.');
    process.exit(1);
  }
  console.log('custom-elements.json is current');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Every whitespace-separated name in the string literals of `code`. */
function literalNames(code) {
  return [...code.matchAll(/'([^']*)'|"([^"]*)"/g)].flatMap((m) =>
    (m[1] ?? m[2]).split(/\s+/).filter(Boolean),
  );
}

/** Part names and dispatched event names found in an element's source files. */
function usedBySource(files) {
  const parts = new Set();
  const events = new Set();
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const [, quoted, expression] of source.matchAll(/\bpart=(?:"([^"]*)"|\$\{([^}]*)\})/g)) {
      for (const name of quoted !== undefined ? quoted.split(/\s+/) : literalNames(expression)) {
        // A name computed inside the literal (`entry ${record.standing}`) cannot be checked here.
        if (name && !name.includes('${')) parts.add(name);
      }
    }
    for (const [, type] of source.matchAll(/\bemit\(\s*this\s*,\s*([^,]+),/g)) {
      // `decision === 'accepted' ? 'agreement-accept' : …`: the compared value is no event name.
      for (const literal of type.matchAll(/'([^']*)'/g)) {
        if (!/[=!]==\s*$/.test(type.slice(0, literal.index))) events.add(literal[1]);
      }
    }
    for (const [, type] of source.matchAll(/\bnew (?:Custom)?Event\(\s*['"]([^'"]+)['"]/g)) events.add(type);
    if (/\breportError\(/.test(source)) events.add('assent-error');
    // An element that passes itself as the receipt target gets the receipt events (src/consent/record.ts),
    // and from the consent engine also consent-change (src/cookies/engine.ts).
    if (/\btarget:\s*this\b/.test(source)) {
      for (const type of [
        'receipt-created',
        'receipt-delivered',
        'receipt-delivery-failed',
        'assent-error',
      ]) {
        events.add(type);
      }
      if (/\bconsentEngine\(\)/.test(source)) events.add('consent-change');
    }
  }
  return { parts, events };
}

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const problems = [];
for (const module of manifest.modules) {
  for (const element of module.declarations ?? []) {
    if (!element.customElement || !element.tagName) continue;
    const tag = element.tagName;
    for (const member of element.members ?? []) {
      if (member.privacy === 'private' || member.privacy === 'protected' || member.name.startsWith('#')) {
        problems.push(`<${tag}>: internal member ${member.name} is in the manifest`);
      }
    }
    const folder = dirname(module.path);
    const files = readdirSync(folder)
      .filter((name) => name.endsWith('.ts') && !/\.(styles|define)\.ts$/.test(name))
      .map((name) => join(folder, name));
    const { parts, events } = usedBySource(files);
    const documentedParts = new Set((element.cssParts ?? []).map((part) => part.name));
    const documentedEvents = new Set((element.events ?? []).map((event) => event.name));
    for (const part of parts) {
      if (!documentedParts.has(part)) problems.push(`<${tag}>: part "${part}" has no @csspart in its JSDoc`);
    }
    for (const event of events) {
      if (!documentedEvents.has(event))
        problems.push(`<${tag}>: event "${event}" has no @fires in its JSDoc`);
    }
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('every part and event the elements use is documented, and nothing internal is listed');
// The React wrappers are generated from the manifest: they must follow it.
try {
  execFileSync('node', ['scripts/generate-react.mjs', '--check'], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
