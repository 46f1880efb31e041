import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@babel/parser';
import { afterEach, describe, expect, it } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import german from '@/public/_locales/de/messages.json';
import { useMessageFile, type MessageFile } from '@/lib/i18n';
import { features, scopeCatalog } from '@/lib/auth/scopes';

let restore: (() => void) | undefined;
afterEach(() => restore?.());

/** Each text a catalog entry shows, read in the language `file` speaks. */
function textsIn(file: MessageFile, locale: string): string[] {
  restore = useMessageFile(file, locale);
  const texts = [
    ...scopeCatalog.flatMap((entry) => [entry.label, entry.allows, entry.why, entry.never]),
    ...features.flatMap((feature) => [feature.title, feature.summary]),
  ];
  restore();
  restore = undefined;
  return texts;
}

describe('the scope catalog', () => {
  it('has, for every scope and feature, its own text in English and in German', () => {
    const inEnglish = textsIn(english, 'en');
    const inGerman = textsIn(german, 'de');
    expect(inEnglish).toHaveLength(scopeCatalog.length * 4 + features.length * 2);
    for (const [index, text] of inEnglish.entries()) {
      // A text the message file lacks comes back as its key.
      expect(text).not.toMatch(/^(scope|feature)_/);
      expect(inGerman[index]).not.toMatch(/^(scope|feature)_/);
      expect({ index, german: inGerman[index] }).not.toEqual({ index, german: text });
    }
  });

  it('reads its texts in the language of the moment, not the one it was built in', () => {
    const freeBusy = scopeCatalog.find((entry) => entry.scope.endsWith('calendar.events.freebusy'))!;
    expect(freeBusy.why).toBe('To find times when you and the people you invite are all free.');
    restore = useMessageFile(german, 'de');
    expect(freeBusy.why).toBe('Um Zeiten zu finden, zu denen Sie und die Eingeladenen alle frei sind.');
    expect(features.find((feature) => feature.id === 'book-meetings')!.title).toBe('Termine buchen');
  });
});

const root = path.resolve(new URL('../../..', import.meta.url).pathname);

/**
 * The non-UI code whose words reach people: the engine's reasons, sign-in and provider errors,
 * booking refusals and notes, the sites' launcher and inserted text, the background's errors.
 * Left out, each for its reason: selectors.ts files hold the host pages' own labels to match,
 * in every language those pages show; schemas.ts holds the engine's field-level validation
 * details, which name fields for developers; lib/sites/core/build is build-time glue.
 */
const scanned = ['lib/schedule', 'lib/auth', 'lib/providers', 'lib/meetings', 'lib/sites', 'lib/ui', 'entrypoints/background', 'entrypoints/offscreen'];
const leftOut = [/\.test\.ts$/, /(^|\/)selectors\.ts$/, /^lib\/schedule\/schemas\.ts$/, /^lib\/sites\/core\/build\//];

/** Words that are not sentences anyone reads: protocol values and programming errors. */
const notForPeople = new Set([
  // MSAL reads this description from a redirect Overlap writes to end an abandoned flow.
  'The sign-in window closed.',
  // A feature id TypeScript already restricts; reaching it is a bug in Overlap.
  'Unknown feature "',
  // Graph's name of Overlap's extended property.
  'String {6f1c2b9a-4e3d-4a57-8b0e-9d2c7f1a3e65} Name OverlapPartner',
  // Validation of the background's own request to the sign-in document, shown only inside auth_malformedHostRequest.
  'The Microsoft authority must be an https:// URL.',
  'A scope is one word of printable characters.',
  // Told to Chrome when the sign-in document is created, for its own records; no one is shown it.
  'Microsoft’s sign-in library (MSAL) needs a DOM and web storage, which the service worker lacks.',
  // The cause behind auth_couldNotConfirm, kept for developers.
  'tokeninfo answered ',
  // Technical details inside provider_microsoftMalformed.
  'field "',
  'the next page link points outside ',
]);

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const relative = `${dir}/${name}`;
    if (statSync(path.join(root, relative)).isDirectory()) return filesUnder(relative);
    return /\.tsx?$/.test(name) && !leftOut.some((pattern) => pattern.test(relative)) ? [relative] : [];
  });
}

/** A phrase of at least three words, two of them lower-case: how a sentence looks, unlike a selector or an id. */
function looksLikeProse(text: string): boolean {
  const bare = text.replace(/\$\{…\}/g, '');
  const words = bare.split(/\s+/).filter((word) => /[A-Za-zÀ-ž]/.test(word));
  // OData filters and CSS, selectors and URLs have spaces too, but read as code.
  if (/[{};=<>]|:\/\/|^[.#[/]|\beq\b/.test(bare)) return false;
  return words.length >= 3 && words.filter((word) => /^[a-zß-ž]/.test(word)).length >= 2;
}

type Node = { type: string; [key: string]: unknown };

/** Every string and template literal in `source` that reads as prose, outside log calls. */
function proseLiterals(source: string): string[] {
  const ast = parse(source, { sourceType: 'module', plugins: ['typescript'] });
  const found: string[] = [];
  const visit = (node: unknown, parent?: Node): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((child) => visit(child, parent));
    const current = node as Node;
    // Only AST nodes carry a type; the rest (positions, a literal's raw text) hold no code.
    if (typeof current.type !== 'string') return;
    if (current.type === 'CallExpression') {
      const callee = current.callee as Node;
      // Logs go to developers, in English.
      if (callee.type === 'MemberExpression' && (callee.object as Node).type === 'Identifier' && (callee.object as { name: string }).name === 'console') return;
    }
    if (current.type === 'ImportDeclaration' || current.type === 'ExportAllDeclaration' || current.type.startsWith('TS')) return;
    if (current.type === 'StringLiteral') {
      const value = current.value as string;
      if (looksLikeProse(value) && !notForPeople.has(value)) found.push(value);
    } else if (current.type === 'TemplateLiteral') {
      const value = (current.quasis as { value: { cooked: string } }[]).map((quasi) => quasi.value.cooked).join('${…}');
      if (looksLikeProse(value) && ![...notForPeople].some((allowed) => value.includes(allowed))) found.push(value);
    }
    for (const [key, child] of Object.entries(current)) {
      if (key !== 'loc' && key !== 'start' && key !== 'end' && key !== 'leadingComments' && key !== 'trailingComments' && key !== 'innerComments') visit(child, current);
    }
  };
  visit(ast.program);
  return found;
}

describe('the words outside the UI', () => {
  const files = scanned.flatMap(filesUnder);

  it('are looked for in every file that shows people words', () => {
    expect(files).toEqual(expect.arrayContaining(['lib/schedule/explain.ts', 'lib/auth/google.ts', 'lib/providers/http.ts', 'lib/meetings/booking.ts', 'lib/sites/gmail/mail-text.ts', 'entrypoints/background/handlers.ts']));
  });

  it('come from the message files: no file holds a sentence of its own', () => {
    const literals = files.flatMap((file) => proseLiterals(readFileSync(path.join(root, file), 'utf8')).map((text) => `${file}: ${text}`));
    expect(literals).toEqual([]);
  });

  it('would be caught if a sentence were written into the code', () => {
    expect(proseLiterals("throw new Error('Google could not read this calendar.');")).toEqual(['Google could not read this calendar.']);
    expect(proseLiterals('const reason = `${name} is not working then`;')).toEqual(['${…} is not working then']);
    expect(proseLiterals("const kind = 'required-attendee-busy', path = '/calendars/primary/events';")).toEqual([]);
    expect(proseLiterals("console.warn('Overlap: the cache could not use the database');")).toEqual([]);
    expect(proseLiterals("const selector = 'input[aria-label=\"Add title\"]';")).toEqual([]);
  });
});
