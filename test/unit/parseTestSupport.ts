import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ParsedEntry } from '../../src/core/types';

export const SEEDS_DIR = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'seeds');

export const SEED_FILES = {
  flatiron: '000_dcb950095772cd83.txt',
  hf001: '001_82683aa955ecf6b3.txt',
  hf002: '002_e66b183b05945700.txt',
  hf003: '003_203764438dbd6878.txt',
  hf004: '004_4f62d7060283d739.txt',
} as const;

export function readSeed(name: string): string {
  return fs.readFileSync(path.join(SEEDS_DIR, name), 'utf8');
}

/** Line `n` (1-based) of a seed, as the page shows it. */
export function seedLine(name: string, n: number): string {
  return readSeed(name).split('\n')[n - 1];
}

/** "Today" for every seed test, so year inference does not depend on the clock. */
export const TODAY = new Date(Date.UTC(2026, 10, 22));

export function assertAbstractBounds(entry: ParsedEntry, firstWords: string, lastWords: string): void {
  assert.ok(entry.abstract.startsWith(firstWords), `abstract of "${entry.title}" starts with "${entry.abstract.slice(0, 60)}"`);
  assert.ok(entry.abstract.endsWith(lastWords), `abstract of "${entry.title}" ends with "${entry.abstract.slice(-60)}"`);
}

export function titles(entries: readonly ParsedEntry[]): string[] {
  return entries.map((entry) => entry.title);
}
