import { tokenize } from './tokenize';

/** Inclusive bounds; `-Infinity`/`Infinity` when open. */
export interface NumberRange {
  min: number;
  max: number;
}

export type QueryTerm =
  /** One search term; `prefix` when it is the word still being typed; `year` when it looks like a year (1900–2100). */
  | { kind: 'word'; text: string; negated: boolean; prefix: boolean; year?: number }
  /** Words that must appear in this order (case-insensitive, any punctuation or spacing between them). */
  | { kind: 'phrase'; text: string; tokens: string[]; negated: boolean }
  /** `author:tu`: every token is a prefix of a token of the same author's name. */
  | { kind: 'author'; text: string; tokens: string[]; negated: boolean }
  /** `topic:diffusion`: the topic id, or every token a prefix of a word of the topic label. */
  | { kind: 'topic'; text: string; tokens: string[]; negated: boolean }
  | { kind: 'year'; range: NumberRange; negated: boolean }
  | { kind: 'upvotes'; range: NumberRange; negated: boolean };

/** Every group must match; a group matches when any of its terms does (terms joined by `OR`). */
export interface ParsedQuery {
  text: string;
  groups: QueryTerm[][];
}

type FilterField = 'author' | 'topic' | 'year' | 'upvotes';

const FIELD_NAMES: ReadonlyMap<string, FilterField> = new Map([
  ['author', 'author'],
  ['authors', 'author'],
  ['by', 'author'],
  ['topic', 'topic'],
  ['year', 'year'],
  ['upvotes', 'upvotes'],
  ['votes', 'upvotes'],
]);

const MIN_BARE_YEAR = 1900;
const MAX_BARE_YEAR = 2100;

/** A lexical unit: an `OR` operator or one or more terms that came from the same piece of text. */
type Item = { kind: 'or' } | { kind: 'terms'; terms: QueryTerm[]; raw: string; negated: boolean; end: number };

/** Reads the query syntax of the search box; never throws, ignores what it cannot read. */
export function parseQuery(text: string): ParsedQuery {
  const source = typeof text === 'string' ? text : '';
  const items = lex(source);
  markTypedPrefix(items, source);
  return { text: source, groups: groupByOr(items) };
}

function lex(source: string): Item[] {
  const items: Item[] = [];
  let index = 0;
  const length = source.length;
  while (index < length) {
    if (isSpace(source.charCodeAt(index))) {
      index++;
      continue;
    }
    const negated = source[index] === '-' && index + 1 < length && !isSpace(source.charCodeAt(index + 1));
    const start = negated ? index + 1 : index;
    if (source[start] === '"') {
      const close = source.indexOf('"', start + 1);
      const end = close < 0 ? length : close;
      index = close < 0 ? length : close + 1;
      pushTerms(items, phraseTerms(source.slice(start + 1, end), negated), '', negated, index);
      continue;
    }
    let end = start;
    while (end < length && !isSpace(source.charCodeAt(end)) && source[end] !== '"') end++;
    const word = source.slice(start, end);
    const field = fieldOf(word);
    if (field && source[end] === '"' && word.endsWith(':')) {
      const close = source.indexOf('"', end + 1);
      const valueEnd = close < 0 ? length : close;
      index = close < 0 ? length : close + 1;
      pushTerms(items, filterTerms(field, source.slice(end + 1, valueEnd), negated), word, negated, index);
      continue;
    }
    index = end;
    if (!negated && word === 'OR') {
      items.push({ kind: 'or' });
      continue;
    }
    if (field) {
      pushTerms(items, filterTerms(field, word.slice(word.indexOf(':') + 1), negated), word, negated, end);
      continue;
    }
    pushTerms(items, wordTerms(word, negated), word, negated, end);
  }
  return items;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200b);
}

function pushTerms(items: Item[], terms: QueryTerm[], raw: string, negated: boolean, end: number): void {
  if (terms.length > 0) items.push({ kind: 'terms', terms, raw, negated, end });
}

function fieldOf(word: string): FilterField | undefined {
  const colon = word.indexOf(':');
  if (colon <= 0) return undefined;
  return FIELD_NAMES.get(word.slice(0, colon).toLowerCase());
}

function phraseTerms(phrase: string, negated: boolean): QueryTerm[] {
  const tokens = tokenize(phrase);
  if (tokens.length === 0) return [];
  return [{ kind: 'phrase', text: phrase.trim(), tokens, negated }];
}

/** A plain word; `speed-accuracy` or `foo:bar` (unknown field) gives several words that must all match. */
function wordTerms(word: string, negated: boolean): QueryTerm[] {
  const tokens = tokenize(word);
  if (tokens.length === 0) return [];
  if (tokens.length > 1 && negated) return phraseTerms(word, true);
  return tokens.map((token) => {
    const term: QueryTerm = { kind: 'word', text: token, negated, prefix: false };
    const year = /^\d{4}$/.test(token) ? Number(token) : NaN;
    if (!negated && year >= MIN_BARE_YEAR && year <= MAX_BARE_YEAR) term.year = year;
    return term;
  });
}

function filterTerms(field: FilterField, value: string, negated: boolean): QueryTerm[] {
  if (field === 'year' || field === 'upvotes') {
    const range = parseRange(value);
    return range ? [{ kind: field, range, negated }] : [];
  }
  const tokens = tokenize(value);
  if (tokens.length === 0) return [];
  return [{ kind: field, text: value.trim(), tokens, negated }];
}

/** `2025`, `>2023`, `>=2023`, `<5`, `<=5`, `2020..2023`, `2020-2023`; undefined for anything else. */
export function parseRange(value: string): NumberRange | undefined {
  const text = value.trim();
  let match = /^(>=|<=|>|<|=)?(\d{1,9})$/.exec(text);
  if (match) {
    const number = Number(match[2]);
    switch (match[1]) {
      case '>':
        return { min: number + 1, max: Infinity };
      case '>=':
        return { min: number, max: Infinity };
      case '<':
        return { min: -Infinity, max: number - 1 };
      case '<=':
        return { min: -Infinity, max: number };
      default:
        return { min: number, max: number };
    }
  }
  match = /^(\d{1,9})(?:\.\.|-)(\d{1,9})$/.exec(text);
  if (match) {
    const first = Number(match[1]);
    const second = Number(match[2]);
    return { min: Math.min(first, second), max: Math.max(first, second) };
  }
  return undefined;
}

/** The last word is still being typed unless the text ends in a space. */
function markTypedPrefix(items: Item[], source: string): void {
  const last = items[items.length - 1];
  if (!last || last.kind !== 'terms' || last.end !== source.length) return;
  const term = last.terms[last.terms.length - 1];
  if (term.kind === 'word' && !term.negated) term.prefix = true;
}

function groupByOr(items: Item[]): QueryTerm[][] {
  const chains: Array<Extract<Item, { kind: 'terms' }>[]> = [];
  let joinNext = false;
  for (const item of items) {
    if (item.kind === 'or') {
      joinNext = chains.length > 0;
      continue;
    }
    if (joinNext) chains[chains.length - 1].push(item);
    else chains.push([item]);
    joinNext = false;
  }
  const groups: QueryTerm[][] = [];
  for (const chain of chains) {
    if (chain.length === 1) {
      for (const term of chain[0].terms) groups.push([term]);
      continue;
    }
    // Inside an OR, `speed-accuracy` stays one alternative and `2025` is a word, not a year filter.
    groups.push(chain.flatMap((item) => (item.terms.length > 1 ? phraseTerms(item.raw, item.negated) : item.terms.map(withoutYear))));
  }
  return groups;
}

function withoutYear(term: QueryTerm): QueryTerm {
  if (term.kind !== 'word' || term.year === undefined) return term;
  return { kind: 'word', text: term.text, negated: term.negated, prefix: term.prefix };
}
