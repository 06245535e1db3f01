import * as fs from 'fs';
import * as path from 'path';
import { parseBytes } from '../core/parse';
import type { ParseOptions, ParseResult } from '../core/types';

/** File endings a folder is searched for; a file named explicitly is read whatever its ending. */
export const CORPUS_EXTENSIONS = new Set(['.txt', '.bib', '.json']);

/** Expands files and folders (recursively, sorted) into corpus file paths. */
export function listCorpusFiles(inputs: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && CORPUS_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) files.push(full);
    }
  };
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      missing.push(input);
      continue;
    }
    if (stat.isDirectory()) walk(input);
    else files.push(input);
  }
  return { files, missing };
}

/** Reads and parses one file; an unreadable file is a diagnostic, never an exception. */
export function readCorpusFile(file: string, options?: ParseOptions): ParseResult {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : String(error);
    return { entries: [], diagnostics: [{ file, line: 0, message: `cannot read the file (${reason})`, severity: 'error' }] };
  }
  return parseBytes(bytes, file, options);
}
