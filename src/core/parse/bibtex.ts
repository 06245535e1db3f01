/**
 * BibTeX / BibLaTeX files through Citation.js, entry by entry, so one malformed
 * entry is reported and skipped while every other entry still loads.
 */
import { citationJs, forgetCitationJsLog, preDecodeLatex, RawBibtexEntry } from '../citationJs';
import type { Diagnostic, ParsedEntry, ParseResult } from '../types';
import { CslName, cslItemToEntry } from './cslItem';

export interface BibtexChunk {
  /** Lower-cased entry type: `article`, `string`, `preamble`, ... */
  type: string;
  /** The entry's own text, from `@` to its closing delimiter. */
  text: string;
  /** 1-based line of the `@type{` line. */
  line: number;
  /** False when the next entry began before this one was closed. */
  closed: boolean;
}

const entryStart = /@[ \t]*([A-Za-z][\w:+-]*)[ \t\r\n]*([{(])/y;
const nextEntryAtLineStart = /\n[ \t]*@[ \t]*[A-Za-z][\w:+-]*[ \t]*[{(]/y;

/**
 * Splits a .bib file at its top-level `@type{` boundaries, counting braces. An entry left
 * open ends where a later line starts a new entry, so a missing `}` costs one entry, not the file.
 */
export function splitBibtex(text: string): BibtexChunk[] {
  const chunks: BibtexChunk[] = [];
  let line = 1;
  let lineCountedTo = 0;
  const lineAt = (offset: number): number => {
    for (let i = lineCountedTo; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
    lineCountedTo = offset;
    return line;
  };
  let position = text.indexOf('@');
  while (position >= 0) {
    entryStart.lastIndex = position;
    const start = entryStart.exec(text);
    if (!start) {
      position = text.indexOf('@', position + 1);
      continue;
    }
    const type = start[1].toLowerCase();
    const closer = start[2] === '{' ? '}' : ')';
    let depth = 0;
    let end = -1;
    let cut = -1;
    for (let i = entryStart.lastIndex; i < text.length; i++) {
      const char = text[i];
      if (char === '\\') i++;
      else if (char === '{') depth++;
      else if (char === '}' && depth > 0) depth--;
      else if (char === closer && depth === 0) {
        end = i + 1;
        break;
      } else if (char === '\n') {
        nextEntryAtLineStart.lastIndex = i;
        if (nextEntryAtLineStart.test(text)) {
          cut = i + 1;
          break;
        }
      }
    }
    const closed = end >= 0;
    const stop = closed ? end : cut >= 0 ? cut : text.length;
    chunks.push({ type, text: text.slice(position, stop), line: lineAt(position), closed });
    position = text.indexOf('@', stop);
  }
  return chunks;
}

function syntaxProblem(error: unknown, chunk: BibtexChunk): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0].replace(/\s*\(Main->.*$/, '');
  const at = /at line (\d+) col (\d+):?/.exec(firstLine);
  const detail = firstLine.replace(/\s*at line \d+ col \d+:?/, '').trim();
  return at ? `${detail} (line ${chunk.line + Number(at[1]) - 1})` : detail;
}

function parseRawEntries(text: string): RawBibtexEntry[] {
  return citationJs().input.data(text, '@biblatex/text') as RawBibtexEntry[];
}

function labelOf(chunk: BibtexChunk): string {
  return /^@[^{(]*[{(]\s*([^,\s]*)/.exec(chunk.text)?.[1] ?? '';
}

const dataEntry = (chunk: BibtexChunk): boolean => chunk.type !== 'string' && chunk.type !== 'preamble' && chunk.type !== 'comment';

/**
 * Raw entries for the well-formed data chunks, by chunk. Fast path: the whole file in one
 * Citation.js pass; otherwise each chunk is checked alone and only the good ones are joined.
 */
function rawEntriesByChunk(text: string, chunks: BibtexChunk[], file: string, diagnostics: Diagnostic[]): Map<BibtexChunk, RawBibtexEntry> {
  const byChunk = new Map<BibtexChunk, RawBibtexEntry>();
  const dataChunks = chunks.filter(dataEntry);
  if (chunks.every((c) => c.closed)) {
    try {
      const raw = parseRawEntries(text);
      if (raw.length === dataChunks.length && raw.every((entry, i) => entry.label === labelOf(dataChunks[i]))) {
        raw.forEach((entry, i) => byChunk.set(dataChunks[i], entry));
        return byChunk;
      }
    } catch {
      // Some entry is malformed: find it below, chunk by chunk.
    }
  }
  const good: BibtexChunk[] = [];
  for (const chunk of chunks) {
    if (chunk.type === 'comment') continue;
    const what = dataEntry(chunk) ? `entry "${labelOf(chunk)}"` : `@${chunk.type}`;
    if (!chunk.closed) {
      diagnostics.push({ file, line: chunk.line, message: `Skipped ${what}: it is not closed (missing "}" before the next entry).`, severity: 'error' });
      continue;
    }
    try {
      parseRawEntries(chunk.text);
      good.push(chunk);
    } catch (error) {
      diagnostics.push({ file, line: chunk.line, message: `Skipped ${what}: ${syntaxProblem(error, chunk)}.`, severity: 'error' });
    }
  }
  const goodData = good.filter(dataEntry);
  let raw: RawBibtexEntry[];
  try {
    // Joined again so @string definitions still apply to the entries after them.
    raw = parseRawEntries(good.map((c) => c.text).join('\n'));
  } catch {
    raw = [];
  }
  if (raw.length !== goodData.length) raw = goodData.map((chunk) => parseRawEntries(chunk.text)[0]);
  goodData.forEach((chunk, i) => byChunk.set(chunk, raw[i]));
  return byChunk;
}

function decodeProperties(entry: RawBibtexEntry): RawBibtexEntry {
  const properties: Record<string, string | number> = {};
  for (const [field, value] of Object.entries(entry.properties)) {
    properties[field] = typeof value === 'string' && field !== 'url' && field !== 'doi' ? preDecodeLatex(value) : value;
  }
  return { ...entry, properties };
}

type Csl = Record<string, unknown>;

function toCsl(raw: RawBibtexEntry[]): Array<Csl | Error> {
  const convert = (entries: RawBibtexEntry[]): Csl[] =>
    citationJs().input.chain(entries, { forceType: '@biblatex/entries+list', generateGraph: false }) as Csl[];
  try {
    const items = convert(raw);
    if (items.length === raw.length) return items;
  } catch {
    // One entry's fields broke the mapping: convert each alone below.
  }
  return raw.map((entry) => {
    try {
      return convert([entry])[0] ?? new Error('Citation.js returned nothing');
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
}

/** The names of a raw `author` field that were wholly braced, like `{Polymathic AI}`: corporate authors. */
function bracedNameIndexes(rawAuthor: string | number | undefined): Set<number> {
  const indexes = new Set<number>();
  if (typeof rawAuthor !== 'string') return indexes;
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < rawAuthor.length; i++) {
    const char = rawAuthor[i];
    if (char === '{') depth++;
    if (char === '}') depth--;
    if (depth === 0 && /^\sand\s/i.test(rawAuthor.slice(i, i + 5))) {
      names.push(current);
      current = '';
      i += 3;
      continue;
    }
    current += char;
  }
  names.push(current);
  names.forEach((name, index) => {
    const trimmed = name.trim();
    if (trimmed.startsWith('{') && trimmed.endsWith('}') && !trimmed.startsWith('{\\') && closesAtEnd(trimmed)) indexes.add(index);
  });
  return indexes;
}

function closesAtEnd(braced: string): boolean {
  let depth = 0;
  for (let i = 0; i < braced.length; i++) {
    if (braced[i] === '{') depth++;
    if (braced[i] === '}' && --depth === 0) return i === braced.length - 1;
  }
  return false;
}

/** Parses BibTeX or BibLaTeX text; never throws. Each malformed entry gives one diagnostic naming its line. */
export function parseBibtex(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const entries: ParsedEntry[] = [];
  try {
    const chunks = splitBibtex(text);
    const byChunk = rawEntriesByChunk(text, chunks, file, diagnostics);
    const dataChunks = chunks.filter((c) => byChunk.has(c));
    const raw = dataChunks.map((c) => decodeProperties(byChunk.get(c) as RawBibtexEntry));
    const items = toCsl(raw);
    const seenKeys = new Map<string, number>();
    dataChunks.forEach((chunk, i) => {
      const item = items[i];
      const key = raw[i].label;
      if (item instanceof Error) {
        diagnostics.push({ file, line: chunk.line, message: `Skipped entry "${key}": ${item.message.split('\n')[0]}.`, severity: 'error' });
        return;
      }
      const source = { file, format: 'bibtex' as const, line: chunk.line, pageDate: null };
      const corporate = bracedNameIndexes(raw[i].properties.author);
      const entry = cslItemToEntry(item, source, key || undefined, (_name: CslName, index: number) => corporate.has(index), diagnostics);
      if (!entry) return;
      const firstLine = seenKeys.get(key);
      if (key && firstLine !== undefined) {
        diagnostics.push({ file, line: chunk.line, message: `Key "${key}" is used again (first on line ${firstLine}); both entries are kept.`, severity: 'warning' });
      } else if (key) {
        seenKeys.set(key, chunk.line);
      }
      entries.push(entry);
    });
  } catch (error) {
    diagnostics.push({ file, line: 0, message: `Could not read the BibTeX file: ${error instanceof Error ? error.message : String(error)}`, severity: 'error' });
  } finally {
    forgetCitationJsLog();
  }
  diagnostics.sort((a, b) => a.line - b.line);
  return { entries, diagnostics };
}
