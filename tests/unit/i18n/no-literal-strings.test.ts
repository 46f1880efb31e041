import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@babel/parser';
import { describe, expect, it } from 'vitest';

/**
 * Every word a user sees in a component or page comes from the message files (public/_locales),
 * so German users see German. This reads each TSX file as the compiler does and lists the
 * literal words it would put on screen: JSX text, and strings given to the props a user sees or
 * hears (accessible names, tooltips, placeholders, alt text, and Overlap's own label props).
 */

const root = path.resolve(import.meta.dirname, '../../..');
const scanned = ['components', 'entrypoints'];

/** Props whose string reaches the screen or a screen reader. */
const VISIBLE_PROPS = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'heading',
  'confirmLabel',
  'runningLabel',
  'cancelLabel',
  'submitLabel',
  'verb',
]);

/** Product names, which no language translates. */
const NAMES = new Set(['Overlap', 'Google', 'Microsoft']);

const hasWords = (text: string) => /\p{L}/u.test(text) && !NAMES.has(text.trim());

interface Node {
  type: string;
  loc?: { start: { line: number } };
  [key: string]: unknown;
}

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

/** The literal texts an expression can evaluate to on screen; calls (t(), formatSlot()) are not literal. */
function literalTexts(expression: Node | undefined): string[] {
  if (!expression) return [];
  switch (expression.type) {
    case 'StringLiteral':
      return [expression.value as string];
    case 'TemplateLiteral':
      return (expression.quasis as Node[]).map((quasi) => (quasi.value as { cooked: string }).cooked);
    case 'ConditionalExpression':
      return [...literalTexts(expression.consequent as Node), ...literalTexts(expression.alternate as Node)];
    case 'LogicalExpression':
      return [...literalTexts(expression.left as Node), ...literalTexts(expression.right as Node)];
    case 'BinaryExpression':
      return expression.operator === '+' ? [...literalTexts(expression.left as Node), ...literalTexts(expression.right as Node)] : [];
    case 'ParenthesizedExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
      return literalTexts(expression.expression as Node);
    default:
      return [];
  }
}

export interface Literal {
  line: number;
  text: string;
}

/** The user-visible literal strings in one TSX source. */
export function findLiterals(source: string): Literal[] {
  const ast = parse(source, { sourceType: 'module', plugins: ['jsx', 'typescript'] });
  const found: Literal[] = [];
  const report = (node: Node, texts: string[]) => {
    for (const text of texts) if (hasWords(text)) found.push({ line: node.loc?.start.line ?? 0, text: text.trim() });
  };
  const visit = (node: Node) => {
    if (node.type === 'JSXText') report(node, [node.value as string]);
    if (node.type === 'JSXElement' || node.type === 'JSXFragment') {
      for (const child of node.children as Node[]) {
        if (child.type === 'JSXExpressionContainer') report(child, literalTexts(child.expression as Node));
      }
    }
    if (node.type === 'JSXAttribute') {
      const name = (node.name as Node).name as string;
      const value = node.value as Node | null;
      if (VISIBLE_PROPS.has(name) && value) report(node, value.type === 'JSXExpressionContainer' ? literalTexts(value.expression as Node) : literalTexts(value));
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments') continue;
      if (Array.isArray(value)) value.filter(isNode).forEach(visit);
      else if (isNode(value)) visit(value);
    }
  };
  visit(ast.program as unknown as Node);
  return found;
}

function tsxFiles(directory: string): string[] {
  return readdirSync(path.join(root, directory), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(directory, entry.name);
    if (entry.isDirectory()) return tsxFiles(relative);
    return entry.name.endsWith('.tsx') ? [relative] : [];
  });
}

describe('literal user-visible strings', () => {
  it('are found in JSX text, in visible props and in strings a JSX expression shows', () => {
    const sample = `
      export function Sample({ busy, email }: { busy: boolean; email: string }) {
        return (
          <form>
            <p>Hello there</p>
            <input placeholder="Your name" aria-label={\`Remove \${email}\`} />
            <button title={busy ? t('common_saving') : 'Save'}>{busy ? 'Saving…' : t('common_save')}</button>
            <Dialog heading={'Confirm'} />
          </form>
        );
      }`;
    expect(findLiterals(sample).map((literal) => literal.text).sort()).toEqual(['Confirm', 'Hello there', 'Remove', 'Save', 'Saving…', 'Your name']);
  });

  it('are not reported for messages, values, punctuation and product names', () => {
    const sample = `
      export function Sample({ name }: { name: string }) {
        return (
          <p className="muted small" data-testid="notice" aria-label={t('find_removeLabel', { email: name })}>
            <strong>Google</strong> {name} · {t('common_done')} — <span aria-hidden="true">×</span>{' '}
          </p>
        );
      }`;
    expect(findLiterals(sample)).toEqual([]);
  });

  it('do not appear in any component or extension page', () => {
    const files = scanned.flatMap(tsxFiles);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) => findLiterals(readFileSync(path.join(root, file), 'utf8')).map((literal) => `${file}:${literal.line} ${literal.text}`));
    expect(offenders).toEqual([]);
  });
});
