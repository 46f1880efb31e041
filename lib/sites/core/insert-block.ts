import { HTTPS_URL } from './channel';
import type { InsertBlock } from './types';

/** An insert block: a short list of short text lines, a link only where it is https. */
export function parseInsertBlock(value: unknown): InsertBlock | undefined {
  return isInsertBlock(value) ? value : undefined;
}

function isInsertBlock(value: unknown): value is InsertBlock {
  const block = value as { id?: unknown; kind?: unknown; lines?: unknown } | null;
  if (typeof block?.id !== 'string' || block.id.length > 100 || (block.kind !== 'times' && block.kind !== 'invite')) return false;
  const lines = block.lines;
  return (
    Array.isArray(lines) &&
    lines.length > 0 &&
    lines.length <= 20 &&
    lines.every((line: { text?: unknown; href?: unknown } | null) => typeof line?.text === 'string' && line.text.length <= 500 && (line.href === undefined || (typeof line.href === 'string' && HTTPS_URL.test(line.href))))
  );
}

