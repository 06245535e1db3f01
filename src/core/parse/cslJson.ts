/** CSL-JSON files (Zotero, Better BibTeX, pandoc): an array of items, or one item. */
import type { Diagnostic, ParsedEntry, ParseResult } from '../types';
import { CslName, cslItemToEntry } from './cslItem';

/** 1-based line of each value directly inside the top-level array, or of the top-level object. */
export function topLevelValueLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let topIsArray = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') line++;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (/\s/.test(char)) continue;
    if (expectValue && char !== ']') lines.push(line);
    expectValue = false;
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      if (depth === 0) {
        topIsArray = char === '[';
        if (!topIsArray) lines.push(line);
      }
      depth++;
      expectValue = topIsArray && depth === 1;
    } else if (char === ']' || char === '}') depth--;
    else if (char === ',') expectValue = topIsArray && depth === 1;
  }
  return lines;
}

function isUnexpectedToken(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    return error instanceof Error && error.message.startsWith('Unexpected token');
  }
}

/** V8 names no position for an unexpected token, so find the shortest prefix that already fails on it. */
function jsonErrorOffset(text: string, error: unknown): number | null {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (!message.startsWith('Unexpected token')) return null;
  let low = 1;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (isUnexpectedToken(text.slice(0, middle))) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

function jsonErrorLine(text: string, error: unknown): number {
  const offset = jsonErrorOffset(text, error);
  return offset === null ? 1 : text.slice(0, offset).split('\n').length;
}

/**
 * A key both BibTeX and pandoc accept; Zotero's item URIs (`http://zotero.org/...`) are ids, not
 * keys a writer would type, so such items get a generated key instead.
 */
function usableKey(value: unknown): string | undefined {
  const key = typeof value === 'number' && Number.isInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^[\p{L}\p{N}_][\p{L}\p{N}_:.+\-/]*$/u.test(key) && !key.includes('://') ? key : undefined;
}

function keyOf(item: Record<string, unknown>): string | undefined {
  return usableKey(item['citation-key']) ?? usableKey(item.id);
}

/** A CSL name given only as `literal` is an institution, not a person. */
const literalOnly = (name: CslName): boolean => typeof name.literal === 'string' && !name.family && !name.given;

/** Parses CSL-JSON text; never throws. Invalid JSON gives one diagnostic with the line of the fault. */
export function parseCslJson(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const entries: ParsedEntry[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/, .*is not valid JSON$/s, '');
    diagnostics.push({ file, line: jsonErrorLine(text, error), message: `Invalid CSL-JSON: ${reason}`, severity: 'error' });
    return { entries, diagnostics };
  }
  const items: unknown[] = Array.isArray(data) ? data : [data];
  const lines = topLevelValueLines(text);
  items.forEach((item, index) => {
    const line = lines[index] ?? 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      diagnostics.push({ file, line, message: `Item ${index + 1} is not a CSL item (an object); skipped.`, severity: 'error' });
      return;
    }
    const record = item as Record<string, unknown>;
    const source = { file, format: 'csl-json' as const, line, pageDate: null };
    const entry = cslItemToEntry(record, source, keyOf(record), literalOnly, diagnostics);
    if (entry) entries.push(entry);
  });
  return { entries, diagnostics };
}
