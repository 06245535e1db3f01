import type { KeyedSyntax } from './syntax';

export interface CitationOptions {
  /** LaTeX command name without the backslash: `cite`, `citep`, `autocite`, … */
  latexCommand?: string;
  /** A page or other locator as the user typed it: `p. 3`, `pp. 3-5`, `chap. 2`. */
  locator?: string;
}

export const DEFAULT_LATEX_COMMAND = 'cite';

/** The LaTeX form of a locator: a tie after abbreviations (`p.~3`), en-dash ranges, TeX specials escaped. */
export function latexLocator(locator: string): string {
  return locator
    .trim()
    .replace(/[\\{}]/g, '')
    .replace(/([&%#_$])/g, '\\$1')
    .replace(/\]/g, '{]}')
    .replace(/(\d)\s*[-–]{1,2}\s*(\d)/g, '$1--$2')
    .replace(/\.\s+/g, '.~');
}

/** A locator inside `[@key, …]`: `]`, `;` and `@` would end or split the citation, so they are escaped. */
export function pandocLocator(locator: string): string {
  return locator.trim().replace(/([\\\];@[])/g, '\\$1');
}

/** A locator as Typst supplement content `[…]`, its markup characters escaped. */
export function typstLocator(locator: string): string {
  return locator.trim().replace(/([\\\][#@*_$<>`])/g, '\\$1');
}

function validLatexCommand(command: string | undefined): string {
  const name = (command ?? '').trim().replace(/^\\/, '');
  return /^[A-Za-z]+\*?$/.test(name) ? name : DEFAULT_LATEX_COMMAND;
}

/** A new citation of `keys`: `\cite[p.~3]{a,b}`, `[@a; @b, p. 3]`, `@a @b[p. 3]`. */
export function formatCitation(syntax: KeyedSyntax, keys: readonly string[], options: CitationOptions = {}): string {
  const locator = options.locator?.trim() ?? '';
  switch (syntax) {
    case 'latex':
      return `\\${validLatexCommand(options.latexCommand)}${locator ? `[${latexLocator(locator)}]` : ''}{${keys.join(',')}}`;
    case 'pandoc':
      return `[${pandocItems(keys, locator)}]`;
    case 'typst':
      return keys.map((key) => `@${key}`).join(' ') + (locator ? `[${typstLocator(locator)}]` : '');
  }
}

function pandocItems(keys: readonly string[], locator: string): string {
  return keys.map((key) => `@${key}`).join('; ') + (locator ? `, ${pandocLocator(locator)}` : '');
}

/** A citation already in the text, found around an offset. */
export interface EnclosingCitation {
  syntax: 'latex' | 'pandoc';
  /** Offset of `\` or `[`. */
  start: number;
  /** Offset just after `}` or `]`. */
  end: number;
  /** First offset inside `{` (LaTeX) or `[` (Pandoc). */
  contentStart: number;
  /** Offset of the closing `}` or `]`. */
  contentEnd: number;
  keys: string[];
  /** LaTeX: offset just after the command name and star, where an optional argument goes. */
  commandEnd?: number;
  /** LaTeX: whether the command already has optional arguments (a locator or note). */
  hasOptionalArgument?: boolean;
}

/** How far around an offset the scanners look; a citation longer than this is not recognised. */
const SCAN_WINDOW = 4000;

const latexCitation = /\\([A-Za-z]*cite[A-Za-z]*)(\*?)((?:\s*\[[^\]]*\])*)\s*\{([^{}]*)\}/g;

/** LaTeX `\…cite…[…]{…}` whose command or arguments contain `offset` (after the backslash, up to the `}`). */
export function findLatexCitation(text: string, offset: number): EnclosingCitation | undefined {
  const from = Math.max(0, offset - SCAN_WINDOW);
  latexCitation.lastIndex = from;
  for (let match = latexCitation.exec(text); match; match = latexCitation.exec(text)) {
    const start = match.index;
    if (start >= offset) return undefined;
    const end = start + match[0].length;
    if (offset >= end) continue;
    const contentEnd = end - 1;
    const contentStart = contentEnd - match[4].length;
    const commandEnd = start + 1 + match[1].length + match[2].length;
    return {
      syntax: 'latex',
      start,
      end,
      contentStart,
      contentEnd,
      keys: latexKeys(match[4]),
      commandEnd,
      hasOptionalArgument: match[3].trim().length > 0,
    };
  }
  return undefined;
}

function latexKeys(content: string): string[] {
  return content
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
}

/** A key must end in a letter, digit or `_`: trailing punctuation belongs to the sentence. */
const PANDOC_KEY_END = /[\p{L}\p{N}_]/u;

/** `@key` tokens of a Pandoc citation's content, where `@` starts the text or follows a space, `[`, `;` or `-`. */
export function pandocKeysIn(content: string): string[] {
  const keys: string[] = [];
  const token = /(^|[\s;[-])@(\{([^}]*)\}|[\p{L}\p{N}_][\p{L}\p{N}_:.#$%&\-+?<>~/]*)/gu;
  for (let match = token.exec(content); match; match = token.exec(content)) {
    const key = match[3] ?? trimPandocKey(match[2]);
    if (key) keys.push(key);
  }
  return keys;
}

function trimPandocKey(raw: string): string {
  let end = raw.length;
  while (end > 0 && !PANDOC_KEY_END.test(raw[end - 1])) end--;
  return raw.slice(0, end);
}

function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Pandoc `[… @key …]` containing `offset` (after `[`, up to `]`); links and images are not citations. */
export function findPandocCitation(text: string, offset: number): EnclosingCitation | undefined {
  const limit = Math.max(0, offset - SCAN_WINDOW);
  let open = -1;
  for (let i = offset - 1; i >= limit; i--) {
    const char = text[i];
    if ((char === ']' || char === '[') && isEscaped(text, i)) continue;
    if (char === ']') return undefined;
    if (char === '[') {
      open = i;
      break;
    }
    if (char === '\n' && /\n[ \t]*$/.test(text.slice(Math.max(limit, i - 200), i))) return undefined;
  }
  if (open < 0 || text[open - 1] === '!' || text[open - 1] === ']') return undefined;
  const stop = Math.min(text.length, offset + SCAN_WINDOW);
  let close = -1;
  for (let i = offset; i < stop; i++) {
    const char = text[i];
    if ((char === ']' || char === '[') && isEscaped(text, i)) continue;
    if (char === '[') return undefined;
    if (char === ']') {
      close = i;
      break;
    }
    if (char === '\n' && /^[ \t]*\n/.test(text.slice(i + 1, i + 200))) return undefined;
  }
  if (close < 0 || text[close + 1] === '(' || text[close + 1] === '[') return undefined;
  const keys = pandocKeysIn(text.slice(open + 1, close));
  if (keys.length === 0) return undefined;
  return { syntax: 'pandoc', start: open, end: close + 1, contentStart: open + 1, contentEnd: close, keys };
}

/** The citation of a syntax that can hold several keys, around `offset`. Typst has none: `@a @b` are separate. */
export function findEnclosingCitation(syntax: KeyedSyntax, text: string, offset: number): EnclosingCitation | undefined {
  if (syntax === 'latex') return findLatexCitation(text, offset);
  if (syntax === 'pandoc') return findPandocCitation(text, offset);
  return undefined;
}

/** One replacement in original-text offsets. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** What inserting citations at one cursor does. */
export interface CitationInsertion {
  edits: TextEdit[];
  /** The edit the cursor ends after, and how many characters before that edit's end it stops. */
  cursorEdit: number;
  cursorFromEnd: number;
  /** Set when the keys joined an existing citation: its start, so two cursors in it join it once. */
  joinedCitationStart?: number;
  /** Keys the citation already held, not inserted twice. */
  alreadyCited: string[];
  /** True when a locator was asked for but the existing LaTeX citation already has an optional argument. */
  locatorDropped: boolean;
}

export interface Selection {
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * The edits that cite `keys` at one cursor or selection: joining the citation around the cursor when there
 * is one (`\cite{a,|}` → `\cite{a,b}`, `[@a; |]` → `[@a; @b]`), else a new citation replacing the selection.
 */
export function planCitationInsertion(
  syntax: KeyedSyntax,
  text: string,
  selection: Selection,
  keys: readonly string[],
  options: CitationOptions = {},
): CitationInsertion {
  const enclosing = findEnclosingCitation(syntax, text, selection.end);
  const startEnclosing = selection.start === selection.end ? enclosing : findEnclosingCitation(syntax, text, selection.start);
  if (enclosing && startEnclosing && enclosing.start === startEnclosing.start) {
    return joinCitation(text, enclosing, selection.end, keys, options);
  }
  const unique = [...new Set(keys)];
  const citation = formatCitation(syntax, unique, options);
  // `word[@a]` and `word@a` do not read as citations (Typst does not even parse the latter), so a space separates them.
  const spaced = syntax !== 'latex';
  const before = spaced && selection.start > 0 && WORD_CHAR.test(text[selection.start - 1]) ? ' ' : '';
  const after = spaced && WORD_CHAR.test(text[selection.end] ?? '') ? ' ' : '';
  return {
    edits: [{ start: selection.start, end: selection.end, text: before + citation + after }],
    cursorEdit: 0,
    cursorFromEnd: after.length,
    alreadyCited: [],
    locatorDropped: false,
  };
}

function joinCitation(
  text: string,
  citation: EnclosingCitation,
  offset: number,
  keys: readonly string[],
  options: CitationOptions,
): CitationInsertion {
  const present = new Set(citation.keys);
  const fresh = [...new Set(keys)].filter((key) => !present.has(key));
  const alreadyCited = [...new Set(keys)].filter((key) => present.has(key));
  const locator = options.locator?.trim() ?? '';
  if (fresh.length === 0) {
    return { edits: [], cursorEdit: -1, cursorFromEnd: 0, joinedCitationStart: citation.start, alreadyCited, locatorDropped: false };
  }
  const separator = citation.syntax === 'latex' ? ',' : ';';
  const items = citation.syntax === 'latex' ? fresh.join(',') : pandocItems(fresh, locator);
  const content = text.slice(citation.contentStart, citation.contentEnd);
  const inContent = offset >= citation.contentStart && offset <= citation.contentEnd;
  const before = inContent ? text.slice(citation.contentStart, offset) : content;
  const after = inContent ? text.slice(offset, citation.contentEnd) : '';
  const beforeTrimmed = before.trimEnd();

  let edit: TextEdit;
  let cursorFromEnd = 0;
  if (beforeTrimmed === '' || beforeTrimmed.endsWith(separator)) {
    const at = inContent ? offset : citation.contentEnd;
    const gap = citation.syntax === 'pandoc' && before.endsWith(separator) ? ' ' : '';
    const needsSeparatorAfter = after.trim() !== '' && !after.trimStart().startsWith(separator);
    const tail = needsSeparatorAfter ? (citation.syntax === 'latex' ? ',' : '; ') : '';
    edit = { start: at, end: at, text: gap + items + tail };
    cursorFromEnd = tail.length;
  } else {
    const nextSeparator = after.indexOf(separator);
    const itemRest = nextSeparator >= 0 ? after.slice(0, nextSeparator) : after;
    const at = (inContent ? offset : citation.contentEnd) + itemRest.trimEnd().length;
    edit = { start: at, end: at, text: (citation.syntax === 'latex' ? ',' : '; ') + items };
  }

  const edits: TextEdit[] = [];
  let locatorDropped = false;
  if (citation.syntax === 'latex' && locator) {
    if (citation.hasOptionalArgument || citation.commandEnd === undefined) locatorDropped = true;
    else edits.push({ start: citation.commandEnd, end: citation.commandEnd, text: `[${latexLocator(locator)}]` });
  }
  edits.push(edit);
  return { edits, cursorEdit: edits.length - 1, cursorFromEnd, joinedCitationStart: citation.start, alreadyCited, locatorDropped };
}

export interface CombinedInsertions {
  /** Sorted, non-overlapping edits in original offsets, for one simultaneous application. */
  edits: TextEdit[];
  /** Where each cursor ends, in offsets of the edited text, in the order of the insertions. */
  cursors: number[];
  /** The text after the edits. */
  text: string;
}

/**
 * Merges the insertions of several cursors: an existing citation holding two cursors is joined once, and an
 * insertion overlapping an earlier one is dropped, so one editor edit applies them all.
 */
export function combineInsertions(text: string, insertions: readonly CitationInsertion[], selections: readonly Selection[]): CombinedInsertions {
  const accepted: { edit: TextEdit; owner: number; index: number }[] = [];
  const joined = new Map<number, number>();
  const ownerOf: number[] = [];
  insertions.forEach((insertion, owner) => {
    if (insertion.joinedCitationStart !== undefined) {
      const first = joined.get(insertion.joinedCitationStart);
      if (first !== undefined) {
        ownerOf[owner] = first;
        return;
      }
      joined.set(insertion.joinedCitationStart, owner);
    }
    const clashes = insertion.edits.some((edit) =>
      accepted.some(({ edit: other }) => (edit.start < other.end && other.start < edit.end) || edit.start === other.start),
    );
    if (clashes) {
      ownerOf[owner] = -1;
      return;
    }
    ownerOf[owner] = owner;
    insertion.edits.forEach((edit, index) => accepted.push({ edit, owner, index }));
  });
  accepted.sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end);

  let result = '';
  let position = 0;
  const newEndOf = new Map<string, number>();
  for (const { edit, owner, index } of accepted) {
    result += text.slice(position, edit.start) + edit.text;
    position = edit.end;
    newEndOf.set(`${owner}:${index}`, result.length);
  }
  result += text.slice(position);

  const mapOffset = (offset: number): number => {
    let shift = 0;
    for (const { edit } of accepted) {
      if (edit.end <= offset) shift += edit.text.length - (edit.end - edit.start);
      else if (edit.start < offset) return edit.start + shift + edit.text.length;
      else break;
    }
    return offset + shift;
  };

  const cursors = insertions.map((insertion, owner) => {
    const effective = ownerOf[owner];
    if (effective === owner && insertion.cursorEdit >= 0) {
      return newEndOf.get(`${owner}:${insertion.cursorEdit}`)! - insertion.cursorFromEnd;
    }
    if (effective !== undefined && effective >= 0 && effective !== owner) {
      const first = insertions[effective];
      if (first.cursorEdit >= 0) return newEndOf.get(`${effective}:${first.cursorEdit}`)! - first.cursorFromEnd;
    }
    return mapOffset(selections[owner].end);
  });
  return { edits: accepted.map(({ edit }) => edit), cursors, text: result };
}
